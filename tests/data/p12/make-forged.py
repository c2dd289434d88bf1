#!/usr/bin/env python3
"""Writes forged-recovery.tlv: the forgery of issue 8, made by hand as an
attacker would (itl-sign refuses to build it).

The list has the shape of before.tlv, but its signer is record 5, a SAST
record named ITLRECOVERY_test10pub.jmr2.lab that carries no certificate:
only the CERTHASH of the real rec.pem (the certificate phones holding
before.tlv trust) and the PUBLICKEY of foreign.pem, whose key signed the
file.  A tool that verifies with a PUBLICKEY the file brings along calls
it valid and signed by the ITLRecovery certificate; phones verify with
the certificate they hold, so none accepts it.

Usage: python3 make-forged.py BIN_DIR   (from anywhere; openssl on PATH)
"""
import hashlib
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def tlv(tag, value):
    return bytes([tag]) + len(value).to_bytes(2, "big") + value


def der(pem):
    out = subprocess.run(["openssl", "x509", "-in", pem, "-outform", "DER"],
                         check=True, capture_output=True)
    return out.stdout


def signature_tlv(buf):
    """Offset and length of the header's SIGNATURE TLV (tag 12)."""
    pos = 0
    end = int.from_bytes(buf[8:10], "big")      # HEADERLENGTH
    while pos < end:
        tag = buf[pos]
        if tag == 13:                   # a pad: one byte, no length
            pos += 1
            continue
        n = int.from_bytes(buf[pos + 1:pos + 3], "big")
        if tag == 12:
            return pos, n
        pos += 3 + n                    # containers 3 and 7 skip whole
    sys.exit("no SIGNATURE TLV")


def records(buf):
    """(offset, length) of each record, from RECORDLENGTH."""
    pos = int.from_bytes(buf[8:10], "big")      # HEADERLENGTH
    out = []
    while pos < len(buf):
        assert buf[pos] == 1, "record does not start with tag 1"
        n = int.from_bytes(buf[pos + 3:pos + 5], "big")
        out.append((pos, n))
        pos += n
    return out


def hash_only(rec, claim):
    """The record with its CERTIFICATE replaced by CERTHASH claim."""
    body = b""
    pos = 5
    while pos < len(rec):
        tag = rec[pos]
        n = int.from_bytes(rec[pos + 1:pos + 3], "big")
        if tag == 9:
            body += tlv(11, claim) + tlv(12, b"\x01")
        else:
            body += rec[pos:pos + 3 + n]
        pos += 3 + n
    return tlv(1, (len(body) + 5).to_bytes(2, "big")) + body


def main():
    bindir = sys.argv[1]
    os.chdir(HERE)
    with tempfile.TemporaryDirectory() as tmp:
        built = os.path.join(tmp, "built.tlv")
        # The same records as before.tlv, record 5 the forger's own
        # certificate, signed by the forger: a valid file to start from.
        subprocess.run([os.path.join(bindir, "itl-sign"), "--build",
                        "--signer-key", "foreign.key",
                        "--signer-cert", "foreign.pem",
                        "--record", "sast:ccm.pem", "--record", "tftp:ccm.pem",
                        "--hash-only", "capf:capf.pem",
                        "--hash-only", "tvs:tvs.pem",
                        "--record", "sast:foreign.pem",
                        "--hash-only", "tvs:tvs2.pem",
                        "--timestamp", "1393439067", "--out", built],
                       check=True, stdout=subprocess.DEVNULL)
        buf = open(built, "rb").read()
        recs = records(buf)
        off, n = recs[4]
        claim = hashlib.sha1(der("rec.pem")).digest()
        buf = buf[:off] + hash_only(buf[off:off + n], claim) + buf[off + n:]
        so, sl = signature_tlv(buf)
        signed = buf[:so] + buf[so + 3 + sl:]
        data = os.path.join(tmp, "signed.bin")
        open(data, "wb").write(signed)
        sig = subprocess.run(["openssl", "dgst", "-sha1", "-sign",
                              "foreign.key", data],
                             check=True, capture_output=True).stdout
        assert len(sig) == sl
        buf = buf[:so + 3] + sig + buf[so + 3 + sl:]
    open("forged-recovery.tlv", "wb").write(buf)


if __name__ == "__main__":
    main()
