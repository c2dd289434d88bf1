itl-sign --build --signer-key p12/ccm.key --signer-cert p12/ccm.pem --record sast:p12/ccm.pem --signer-version 1.x --out /nonexistent/x.tlv
