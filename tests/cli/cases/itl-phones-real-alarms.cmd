itl-phones --itl dumps/cucm10-show-itl-after-reset.txt events/cisco-214535_devicetlinfo_alarm_home.xml events/cisco-214535_devicetlinfo_alarm_visiting.xml
