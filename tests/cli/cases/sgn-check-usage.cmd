sgn-check --itl x.tlv 2>&1; echo "rc=$?"; sgn-check --extract a b c 2>&1; echo "rc=$?"; itl-sign --sign-file x --build --out y 2>&1
