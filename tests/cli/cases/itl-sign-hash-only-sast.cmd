itl-sign --build --signer-key p12/ccm.key --signer-cert p12/ccm.pem --record sast:p12/ccm.pem --hash-only sast:p12/rec.pem --timestamp 1393439067 --out /nonexistent/x.tlv
