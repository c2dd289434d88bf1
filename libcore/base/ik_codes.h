/*
 * ik_codes.h: every finding code, in one table (base layer).
 * Layer: base.
 *
 * One line per code: its name, the severities it may be reported with (E
 * error, W warning, I info) and its meaning in one line.  docs/findings.md
 * documents each code with the same severities; tests/unit/test_codes.c
 * holds the two together.  A new code is a line here and a row there.
 * Names are stable: scripts match on them.
 */
#ifndef IK_CODES_H
#define IK_CODES_H

#define IK_CODES(X) \
	/* Inputs (every tool) */ \
	X(INPUT_UNREADABLE, E, "the input could not be opened or read") \
	X(NOT_A_TRUST_LIST, E, "a trust list was expected; the first bytes say what the input is instead") \
	/* Every report */ \
	X(FINDINGS_LOST, E, "findings were lost: memory ran out while recording them") \
	/* Trust lists: structure */ \
	X(TRUNCATED, E, "a TLV runs past the end of the input (or a dump is no dump): malformed") \
	X(NO_RECORDS, E, "the bytes after the header do not start with a record (tag 1)") \
	X(HEADER_LENGTH_MISMATCH, E, "HEADERLENGTH disagrees with where the header TLVs really end") \
	X(CONTAINER_LENGTH_MISMATCH, E, "a header container's length is not filled exactly by its nested TLVs") \
	X(MISSING_FIELD, EW, "a required field is absent: HEADERLENGTH (error), a record's FUNCTION (warning)") \
	X(BAD_FIELD_LENGTH, WI, "a fixed-size field has another length; the value is ignored") \
	X(DUPLICATE_TAG, W, "a tag appears twice in the header or in one record; the first is used") \
	X(RECORDLENGTH_MISMATCH, W, "a record's RECORDLENGTH disagrees with the bytes its TLVs take") \
	X(TRAILING_BYTES, W, "bytes after the last record belong to no record") \
	X(UNKNOWN_TAG, I, "a tag this version does not know, skipped by its length") \
	X(STRING_NOT_TERMINATED, I, "a string value without the terminating NUL that CUCM always writes") \
	X(HEADER_NOT_ALIGNED, I, "HEADERLENGTH is not a multiple of 4 (CUCM pads the header)") \
	X(STUB_RECORD, I, "a record with neither a certificate nor a certificate hash") \
	X(TOO_MANY_RECORDS, E, "more than 1,024 records or 4,096 TLVs: the rest is not modelled (incomplete)") \
	X(UNKNOWN_FUNCTION, I, "a FUNCTION code outside the known roles; shown as a number") \
	/* Trust lists: signature */ \
	X(SIGNATURE_INVALID, E, "the signature does not verify: the file was changed after signing") \
	X(SIGNATURE_MISSING, E, "the header has no SIGNATURE (tag 12)") \
	X(SIGNER_MISSING, E, "no SAST record carries the header's signer serial number") \
	X(SIGNATURE_UNSUPPORTED, E, "unknown digest or signature algorithm, or no usable RSA signer key") \
	X(SIGNATURE_MODULUS_MISMATCH, W, "signature length, SIGNATUREMODULUS code and signer key size disagree") \
	X(SIGNER_CANAME_MISMATCH, W, "the header CANAME differs from the signer record's issuer") \
	X(SIGNER_NO_CERTIFICATE, E, "the signer record carries no CERTIFICATE: the signature is unverifiable") \
	X(SIGNER_KEY_MISMATCH, E, "the signer's PUBLICKEY is not the key of the certificate its CERTHASH names") \
	/* Trust lists: records against their certificates */ \
	X(RECORD_SUBJECT_MISMATCH, E, "SUBJECTNAME is not the certificate's subject") \
	X(RECORD_ISSUER_MISMATCH, E, "ISSUERNAME is not the certificate's issuer") \
	X(RECORD_SERIAL_MISMATCH, E, "SERIALNUMBER is not the certificate's serial") \
	X(RECORD_KEY_MISMATCH, E, "PUBLICKEY is not the certificate's public key") \
	X(CERT_UNPARSEABLE, E, "the CERTIFICATE value is not a DER X.509 certificate") \
	X(CERT_TRAILING_BYTES, W, "the CERTIFICATE value has bytes after the DER certificate") \
	/* Trust lists: content */ \
	X(NO_ITL_RECOVERY, W, "no ITLRECOVERY record: a bulk ITL reset cannot reach the phones") \
	X(DIGEST_SHA256_UNCONFIRMED, I, "the file uses SHA-256: that phones accept it is unconfirmed") \
	X(MULTIPLE_ITL_RECOVERY, W, "more than one ITLRECOVERY record") \
	X(ITL_RECOVERY_NOT_SAST, W, "the ITLRECOVERY record is not a SAST record: files it signs are refused") \
	X(CERT_EXPIRED, W, "a record's certificate expired before the judgement time") \
	X(CERT_EXPIRING, W, "a record's certificate expires soon after the judgement time") \
	X(CERT_NOT_YET_VALID, I, "a record's certificate is not valid yet at the judgement time") \
	X(WEAK_KEY, W, "an RSA key under 2048 bits") \
	X(FILE_TOO_LARGE, W, "the file is over 64 KB: phones refuse it") \
	X(TOO_MANY_CERTS, W, "more than 39 certificates: phones load at most about 39") \
	/* DRS backup sets */ \
	X(DRS_MANIFEST_MISSING, E, "files carry a backup id but there is no drfComponent.xml for it") \
	X(DRS_MANIFEST_MALFORMED, E, "the manifest cannot be read or is not well-formed XML") \
	X(DRS_MANIFEST_UNEXPECTED_ROOT, W, "the manifest's root element is not <list>") \
	X(DRS_MANIFEST_NO_COMPONENTS, E, "the manifest lists no ComponentObject") \
	X(DRS_MANIFEST_NO_VERSION, W, "no FeatureObject/Version: the value scheme is found by trial") \
	X(DRS_MANIFEST_INCOMPLETE, E, "a component lacks its name, server, feature, EncryptKey or checksum") \
	X(DRS_COMPONENT_STATUS, W, "a component's Status in the manifest is not SUCCESS") \
	X(DRS_COMPONENT_MISSING, E, "a component listed in the manifest has no file") \
	X(DRS_TREE_TOO_DEEP, W, "a directory more than 32 levels deep was not searched") \
	X(DRS_SYMLINK_NOT_FOLLOWED, W, "a symbolic link to a directory or to a set's file was not followed") \
	X(DRS_EXTRA_FILE, W, "a file with the set's backup id that the manifest does not list") \
	X(DRS_ARCHIVE_DUPLICATE, E, "an archive holds two members with the path of one of the set's files") \
	X(DRS_ARCHIVE_PATH_REFUSED, W, "an archive member named like a set's file has '..' in its path: not read") \
	X(DRS_PASSWORD_TOO_LONG, W, "a password candidate is over 32 bytes and cannot be platform-encoded") \
	X(DRS_PASSWORD_WRONG, E, "no candidate decrypts the manifest values under any scheme") \
	X(DRS_SCHEME_UNSUPPORTED, E, "the version has no known value scheme and none of schemes 1-4 works") \
	X(DRS_SCHEME_BY_TRIAL, I, "the values decrypt with another scheme than the version suggests") \
	X(DRS_PASSWORD_UNCONFIRMED, E, "the values decrypt but no component checksum confirms the password") \
	X(DRS_CONTAINER_UNKNOWN, E, "a component is neither an OpenSSL Salted__ container nor tar or gzip") \
	X(DRS_CONTAINER_PLAIN, W, "a component is a plain tar or gzip, not encrypted") \
	X(DRS_CONTAINER_TRUNCATED, E, "the ciphertext is not whole AES blocks, or empty") \
	X(DRS_TRAILING_TEXT, I, "plain text follows the ciphertext") \
	X(DRS_PASSWORD_LEAK, W, "the trailing text holds an openssl -k password in clear") \
	X(DRS_CHECKSUM_EXCLUDES_TRAILER, W, "the manifest checksum covers the file without its trailing text") \
	X(DRS_CHECKSUM_MISMATCH, E, "the file's SHA-1 differs from the manifest: altered, truncated or replaced") \
	X(DRS_MEMBER_UNSAFE, W, "members with .., links leading out of the extraction folder, or devices") \
	X(DRS_DECRYPT_FAILED, E, "decryption failed (bad padding: wrong password, truncated or altered data)") \
	X(DRS_ARCHIVE_UNREADABLE, E, "the decrypted payload is not a readable tar or tar.gz") \
	X(DRS_EXTRACT_FAILED, E, "a component could not be extracted to the end") \
	X(DRS_ARTIFACT_INVALID, W, "an ITL or CTL inside a component is malformed or its signature fails") \
	X(DRS_ARTIFACT_NOT_CHECKED, W, "a PKCS#12 member was not judged: the key-derivation budget was spent") \
	X(DRS_RECOVERY_KEY_LOCKED, W, "ITLRecovery.p12 inside a component does not open with the candidates") \
	X(DRS_RECOVERY_KEY_MATCHES_ITL, I, "the backed-up ITLRecovery key is the backed-up ITL's ITLRECOVERY record") \
	X(DRS_RECOVERY_KEY_MISMATCH, W, "the backed-up ITLRecovery key is not the backed-up ITL's ITLRECOVERY") \
	X(DRS_MEMBER_REFUSED, W, "members were refused (each with its reason in MANIFEST.json)") \
	X(DRS_COMPONENT_NOT_EXTRACTED, E, "a component whose checksum does not match is not extracted") \
	X(DRS_EXTRACTED_UNVERIFIED, W, "a component whose checksum does not match was extracted on request") \
	X(DRS_EXTRACT_LIMIT, E, "a component would write too much or fill the output file system") \
	X(DRS_LEAKED_KEY_OPENED, W, "a component was opened with the key leaked in its trailing text") \
	X(DRS_LEAKED_KEY_FAILED, W, "no key leaked in a component's trailing text opens it") \
	X(DRS_EXTRACTED_LEAKED_KEY, W, "a component was extracted with a leaked key; no checksum vouches for it") \
	X(DRS_EXTRACT_DIFFERS, W, "a file already in the folder differs from the member: not replaced") \
	X(DRS_EXTRACT_REPLACED, W, "a file already in the folder differed from the member and was replaced on request") \
	X(DRS_EXTRACT_UNCHANGED, I, "objects already in the folder with the member's content were left as they are") \
	X(DRS_PLATFORM_MALFORMED, E, "platformConfig.xml is not well-formed XML, has a DTD or nests too deeply") \
	X(DRS_PLATFORM_UNEXPECTED_ROOT, W, "the platform file's root element is not <PlatformData>") \
	X(DRS_PLATFORM_INCOMPLETE, W, "the platform file lacks a value a rebuild needs") \
	X(DRS_PLATFORM_DUPLICATE, W, "an answer appears twice, or too many DNS or NTP servers") \
	X(DRS_PLATFORM_VALUE_TOO_LONG, W, "a platform value over 1024 bytes was left out") \
	/* PKCS#12 */ \
	X(P12_MALFORMED, E, "not a PKCS#12 structure (damaged, truncated, or another kind of file)") \
	X(P12_TRAILING_BYTES, W, "bytes follow the PKCS#12 structure") \
	X(P12_NO_MAC, W, "the file has no MAC: integrity is not protected") \
	X(P12_MAC_UNCHECKED, W, "a MAC is present but cannot be computed; passwords tried by decryption") \
	X(P12_WRONG_PASSWORD, E, "no candidate matches the MAC (or, without a MAC, decrypts the file)") \
	X(P12_MAC_INVALID, E, "the MAC rejects every candidate, yet one decrypts: damaged or altered") \
	X(P12_DECRYPT_FAILED, E, "the password was accepted but not every bag decrypts") \
	X(P12_NO_PASSWORD, E, "no password source was given: only the structure was reported") \
	X(P12_LEGACY_PROVIDER_MISSING, E, "a bag needs OpenSSL's legacy provider, which could not be loaded") \
	X(P12_SLOW_KDF, W, "opening may cost more than 10,000,000 key-derivation iterations") \
	X(P12_BUDGET_EXHAUSTED, E, "the run's key-derivation budget could not pay for a MAC or bag") \
	X(P12_ITERATIONS_TOO_HIGH, E, "the MAC or a bag asks for more iterations than the limit") \
	X(P12_LEGACY_ENCRYPTION, W, "a bag or container uses a legacy PBE scheme or cipher") \
	X(P12_KEY_UNENCRYPTED, W, "the private key is stored in a plain keyBag, not encrypted") \
	X(P12_UNPROTECTED, W, "neither a MAC nor encryption protects the file") \
	X(P12_UNSUPPORTED, W, "a container uses public-key privacy mode; its contents were not read") \
	X(P12_NO_KEY, E, "the file holds no private key") \
	X(P12_NO_CERT, E, "the file holds no X.509 certificate") \
	X(P12_EXTRA_KEYS, I, "more than one private key; the first is used") \
	X(P12_KEY_CERT_MISMATCH, E, "the private key belongs to none of the certificates") \
	X(P12_CERT_EXPIRED, W, "the certificate expired before the judgement time (phones do not check it)") \
	X(P12_CERT_EXPIRING, W, "the certificate expires soon after the judgement time") \
	X(P12_CERT_NOT_YET_VALID, W, "notBefore is after the judgement time") \
	X(P12_NOT_ITLRECOVERY, E, "the subject CN is not ITLRECOVERY_<host>") \
	X(P12_KEY_NOT_RSA, E, "the key is not RSA; trust lists are signed with RSA only") \
	X(P12_WEAK_KEY, W, "RSA key under 2048 bits") \
	X(P12_NOT_SELF_SIGNED, W, "the certificate is not self-signed") \
	X(P12_SELF_SIGNATURE_INVALID, E, "self-signed, but the signature does not verify with its own key") \
	X(P12_NOT_IN_ITL, E, "the trust list's ITLRECOVERY record holds another certificate") \
	X(P12_ITL_NO_RECOVERY, E, "the trust list has no ITLRECOVERY record at all") \
	/* itl-sign */ \
	X(SIGN_SIGNER_NOT_IN_ITL, EW, "the signing certificate is not a SAST record of the list") \
	X(SIGN_INPUT_SIGNATURE_INVALID, EW, "the input's own signature does not verify") \
	X(SIGN_INPUT_MALFORMED, E, "the input is malformed or a text dump: it cannot be re-signed") \
	X(SIGN_BUILD_FAILED, E, "a record could not be encoded") \
	X(SIGN_SIGNER_HASH_ONLY, E, "the signer is a SAST record by hash only: nothing could verify the result") \
	X(SIGN_SIGNER_EXPIRED, W, "the signing certificate expired before the judgement time; signed all the same") \
	X(SIGN_OUTPUT_UNVERIFIED, E, "the signed output did not parse and verify; nothing was written") \
	/* sgn-check: signed files (.sgn, .enc.sgn) */ \
	X(SGN_ENCRYPTED, I, "the payload is encrypted for one phone (.enc.sgn); its contents are not read") \
	X(SGN_EMPTY_PAYLOAD, W, "nothing follows the header: the signed file carries no file") \
	X(SGN_FILENAME_MISMATCH, I, "the header's FILENAME is not the name of the file read") \
	X(SGN_NOT_A_SIGNED_FILE, W, "the header is a trust list's (FILENAME ITL/CTL, records follow)") \
	X(SGN_NO_ITL, W, "no trust list was given: whether phones accept the file is unknown") \
	X(SGN_DECRYPTED, I, "the encrypted payload opened with the key given and matches the header's digest") \
	X(SGN_DECRYPT_FAILED, E, "the encrypted payload did not open with the key given, or does not match its digest") \
	X(SGN_ACCEPTED, I, "phones holding the trust list accept the file") \
	X(SGN_SIGNER_NOT_IN_ITL, E, "no record of the trust list has the signer's serial and issuer") \
	X(SGN_SIGNER_WRONG_ROLE, E, "the signer is in the trust list, but not as a TFTP or CCM+TFTP record") \
	X(SGN_TRUST_UNKNOWN, E, "the trust list cannot decide (a text dump, an incomplete or malformed list)") \
	/* show itl / show ctl text dumps */ \
	X(DUMP_LENGTH_MISMATCH, I, "a printed value disagrees with its LENGTH column; LENGTH is kept") \
	X(DUMP_VERIFIED, I, "CUCM printed that the file was verified (a fact of the dump)") \
	X(DUMP_MULTIPLE, I, "the file holds several dumps; the first was returned") \
	X(DUMP_UNPARSED_LINE, I, "a line that is no part of a dump") \
	X(DUMP_BAD_VALUE, W, "a value that should be hex or a number is not") \
	X(DUMP_INCOMPLETE, E, "the paste is cut: records or values are missing") \
	X(DUMP_NO_TRUST_LIST, W, "CUCM printed that it has no such file") \
	X(DUMP_SIGNER_MISMATCH, W, "several records say they signed, or the signer's serial is not the header's") \
	X(DUMP_NO_SIGNER, W, "no record says it signed the file and none has the header's serial") \
	X(DUMP_FILE_LENGTH_MISMATCH, W, "header and record lengths add up to more than the file length printed") \
	/* itl-diff */ \
	X(ITL_RECOVERY_MISSING, E, "a node's ITL has no ITLRECOVERY record") \
	X(ITL_RECOVERY_DIFFERS, E, "a node's ITLRECOVERY certificate is not the first node's") \
	X(ITL_RECOVERY_MULTIPLE, W, "more than one ITLRECOVERY record in one file") \
	X(ITL_RECOVERY_OTHER_HOST, I, "the ITLRECOVERY CN names another host than the publisher") \
	X(TVS_MISSING, E, "a node lacks a TVS certificate another node lists") \
	X(CAPF_MISSING, E, "a node's ITL has no CAPF record") \
	X(CAPF_DIFFERS, E, "a node's CAPF certificate differs from another node's") \
	X(NODE_SIGNATURE_INVALID, E, "a binary input's signature does not verify") \
	X(NODE_MALFORMED, E, "an input could not be read as a trust list") \
	X(NODE_INCOMPLETE, E, "an input is an incomplete show itl paste: checks needing it are unknown") \
	X(NODE_NO_CALLMANAGER, W, "a node's ITL has no CallManager record of its own") \
	X(NODE_SAME_CALLMANAGER, W, "two nodes serve the same TFTP certificate") \
	X(HOLD_TIMER_RISK, W, "CallManager and TVS certificates issued or changed together") \
	X(PHONES_REJECT_NEW_ITL, E, "phones holding the old file refuse the new one") \
	X(PHONES_DEPEND_NEW_ITL, E, "only some phones holding the old file accept the new one") \
	X(NEW_ITL_TRUST_UNKNOWN, E, "whether phones accept the new file cannot be judged") \
	X(NEW_ITL_ACCEPTED, I, "phones holding the old file accept the new one") \
	/* itl-phones */ \
	X(NO_PHONE_REPORTS, E, "not one phone report was read from any input") \
	X(INPUT_NO_REPORTS, W, "other inputs hold phone reports, this one none")

typedef enum ik_code {
#define IK_CODE_ENUM(name, sevs, meaning) IKF_##name,
	IK_CODES(IK_CODE_ENUM)
#undef IK_CODE_ENUM
	IKF_COUNT
} ik_code;

/* Severity sets: bit (1 << ik_severity) for each severity allowed. */
#define IK_SEVS_I	0x1u
#define IK_SEVS_W	0x2u
#define IK_SEVS_E	0x4u
#define IK_SEVS_WI	(IK_SEVS_W | IK_SEVS_I)
#define IK_SEVS_EW	(IK_SEVS_E | IK_SEVS_W)
#define IK_SEVS_EI	(IK_SEVS_E | IK_SEVS_I)
#define IK_SEVS_EWI	(IK_SEVS_E | IK_SEVS_W | IK_SEVS_I)

/* "SIGNATURE_INVALID"; NULL for a value outside the table. */
const char *ik_code_name(ik_code c);
const char *ik_code_meaning(ik_code c);
/* IK_SEVS_* bits; 0 for a value outside the table. */
unsigned ik_code_severities(ik_code c);
/* The code of that name, or IKF_COUNT when there is none. */
ik_code ik_code_from_name(const char *name);

#endif
