/*
 * itl_render.c: a trust list as JSON and as CUCM's `show itl` text.
 * Layer: itl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_itl.h"
#include "ik_report.h"
#include "ik_trust.h"
#include "ik_itl_render.h"

json_t *
ik_itl_serial_json(const uint8_t *s, size_t n)
{
	char *buf;
	json_t *j;

	if (s == NULL)
		return json_null();
	buf = malloc(3 * n + 1);
	if (buf == NULL)
		return NULL;
	ik_hex_sep(s, n, ':', buf);
	j = json_string(buf);
	free(buf);
	return j;
}

static void
record_jw(ik_jw *w, const ik_itl_record *r)
{
	const char *role = ik_itl_function_role(r->function);
	char ip[16];

	ik_jw_object(w, NULL);
	ik_jw_int(w, "index", (long long)r->index);
	ik_jw_int(w, "offset", (long long)r->off);
	if (r->has_declared_length)
		ik_jw_int(w, "length", r->declared_length);
	else
		ik_jw_null(w, "length");
	ik_jw_cstr(w, "function", role != NULL ? role : r->function >= 0 ?
	    "unknown" : NULL);
	if (r->function >= 0)
		ik_jw_int(w, "function_code", r->function);
	else
		ik_jw_null(w, "function_code");
	ik_jw_cstr(w, "dns_name", r->dns_name);
	ik_jw_cstr(w, "subject", r->subject);
	ik_jw_cstr(w, "issuer", r->issuer);
	ik_jw_hex_sep(w, "serial", r->serial, r->serial_len);
	if (r->has_ip) {
		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", r->ip[0], r->ip[1],
		    r->ip[2], r->ip[3]);
		ik_jw_cstr(w, "ip_address", ip);
	} else
		ik_jw_null(w, "ip_address");
	ik_jw_hex(w, "cert_sha1", r->has_cert_sha1 ? r->cert_sha1 : NULL, 20);
	ik_jw_bool(w, "cert_hash_only", r->cert == NULL && r->certhash != NULL);
	if (r->has_validity) {
		ik_jw_time(w, "not_before", r->not_before);
		ik_jw_time(w, "not_after", r->not_after);
	} else {
		ik_jw_null(w, "not_before");
		ik_jw_null(w, "not_after");
	}
	ik_jw_cstr(w, "key_type", r->key_type);
	if (r->key_bits > 0)
		ik_jw_int(w, "key_bits", r->key_bits);
	else
		ik_jw_null(w, "key_bits");
	ik_jw_bool(w, "is_signer", r->is_signer);
	ik_jw_bool(w, "is_itl_recovery", r->is_itl_recovery);
	ik_jw_end(w);
}

/* A decimal number and the character after it. */
static void
put_dec(ik_sb *sb, unsigned long long v, char after)
{
	char b[24];
	size_t i = sizeof(b);

	b[--i] = after;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	ik_sb_add(sb, b + i, sizeof(b) - i);
}

/* "LENGTH:NAME" and the character after it. */
static void
put_name(ik_sb *sb, const char *name, char after)
{
	size_t n = strlen(name);

	put_dec(sb, n, ':');
	ik_sb_add(sb, name, n);
	ik_sb_add(sb, &after, 1);
}

bool
ik_itl_records_sha1(const ik_itl *itl, uint8_t out[20])
{
	const ik_itl_record *r;
	char hex[2 * 64 + 1];
	ik_sb sb;
	size_t i;
	bool ok;

	if (itl->malformed || itl->incomplete || itl->nrec == 0)
		return false;
	ik_sb_init(&sb);
	for (i = 0; i < itl->nrec; i++) {
		r = &itl->recs[i];
		if (r->function < 0 || r->serial == NULL ||
		    r->serial_len > 64 || !r->has_cert_sha1 ||
		    r->subject == NULL || r->issuer == NULL) {
			ik_sb_free(&sb);
			return false;
		}
		/*
		 * Names with their lengths: no two lists read the same.  The
		 * line is "%d\t%s\t%s\t%zu:%s\t%zu:%s\n", written without
		 * printf (it ran once a record of every file).
		 */
		put_dec(&sb, (unsigned long long)r->function, '\t');
		ik_hex(r->serial, r->serial_len, hex);
		ik_sb_add(&sb, hex, 2 * r->serial_len);
		ik_sb_add(&sb, "\t", 1);
		ik_hex(r->cert_sha1, 20, hex);
		ik_sb_add(&sb, hex, 40);
		ik_sb_add(&sb, "\t", 1);
		put_name(&sb, r->subject, '\t');
		put_name(&sb, r->issuer, '\n');
	}
	ok = !sb.oom && ik_digest_buf(IK_SHA1, sb.s, sb.len, out) == 0;
	ik_sb_free(&sb);
	return ok;
}

/* "MAJOR.MINOR" under key. */
static void
version_jw(ik_jw *w, const char *key, unsigned major, unsigned minor)
{
	char ver[24];

	snprintf(ver, sizeof(ver), "%u.%u", major, minor);
	ik_jw_cstr(w, key, ver);
}

void
ik_itl_jw(ik_jw *w, const ik_itl *itl, const ik_itl_render_opts *o,
    const char *member)
{
	const ik_itl_header *h = &itl->hdr;
	uint8_t dg20[20];
	int dg;
	size_t i;

	ik_report_begin(w, o->tool, "file", o->path, member, o->input_sha256,
	    o->input_size);
	ik_jw_time(w, "at", o->at);
	ik_jw_cstr(w, "format", itl->format == IK_FMT_TLV ? "tlv" : "text");
	ik_jw_cstr(w, "kind", ik_itl_kind_name(itl->kind));
	ik_jw_int(w, "length", (long long)itl->file_length);
	ik_jw_hex(w, "md5", itl->has_md5 ? itl->md5 : NULL, 16);
	ik_jw_hex(w, "sha1", itl->has_sha1 ? itl->sha1 : NULL, 20);
	if (h->has_version)
		version_jw(w, "version", h->ver_major, h->ver_minor);
	else
		ik_jw_null(w, "version");
	if (h->has_header_length)
		ik_jw_int(w, "header_length", h->header_length);
	else
		ik_jw_null(w, "header_length");
	ik_jw_object(w, "signer");
	ik_jw_cstr(w, "name", h->signer_name);
	ik_jw_hex_sep(w, "serial", h->signer_serial, h->signer_serial_len);
	ik_jw_cstr(w, "ca_name", h->ca_name);
	if (itl->signer_index)
		ik_jw_int(w, "record", (long long)itl->signer_index);
	else
		ik_jw_null(w, "record");
	ik_jw_end(w);
	dg = ik_itl_digest_from_code(h->digest_alg);
	ik_jw_cstr(w, "digest", dg >= 0 ? ik_digest_name((ik_digest)dg) :
	    NULL);
	if (h->has_signature)
		ik_jw_int(w, "signature_bytes", (long long)h->signature_len);
	else
		ik_jw_null(w, "signature_bytes");
	ik_jw_cstr(w, "filename", h->filename);
	if (h->has_timestamp)
		ik_jw_time(w, "timestamp", (time_t)h->timestamp);
	else
		ik_jw_null(w, "timestamp");
	if (itl->format == IK_FMT_TEXT) {
		/* What only a dump tells: its place in the file, CUCM's check. */
		ik_jw_int(w, "dump", (long long)(itl->dump_index ?
		    itl->dump_index : 1));
		ik_jw_cstr(w, "modified", itl->dump_modified);
		ik_jw_bool(w, "verified_by_cucm", itl->dump_verified);
	}
	if (h->has_signer_version)
		version_jw(w, "signer_version", h->signer_version[0],
		    h->signer_version[1]);
	ik_jw_array(w, "records");
	for (i = 0; i < itl->nrec; i++)
		record_jw(w, &itl->recs[i]);
	ik_jw_end(w);
	ik_jw_hex(w, "records_sha1", ik_itl_records_sha1(itl, dg20) ? dg20 :
	    NULL, 20);
	ik_jw_cstr(w, "signature", ik_sigstate_name(itl->signature));
	ik_report_end(w, ik_itl_status(itl), &itl->findings);
}

json_t *
ik_itl_json(const ik_itl *itl, const ik_itl_render_opts *o)
{
	ik_jw w;

	ik_jw_init(&w, NULL);
	ik_itl_jw(&w, itl, o, NULL);
	return ik_jw_take(&w);
}

/* ---- text ---------------------------------------------------------------- */

/* CUCM prints signatures 8 bytes a line, lower-case hex, no leading zero. */
static void
text_sigbytes(ik_sb *sb, const uint8_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ik_sb_printf(sb, "%x%s", v[i], (i % 8 == 7 || i == n - 1) ?
		    "\n" : " ");
}

static void
text_header_tlv(ik_sb *sb, const ik_itl *itl, const ik_tlv *t)
{
	const ik_itl_header *h = &itl->hdr;
	char *hex;

	switch (t->tag) {
	case IK_HT_VERSION:
	case IK_HT_HEADERLENGTH:
		return;		/* printed above the table, as CUCM does */
	case IK_HT_SIGNERID:
		ik_sb_printf(sb, "3 SIGNERID 2 %u\n", t->len);
		return;
	case IK_HT_SIGNERNAME:
		ik_sb_printf(sb, "4 SIGNERNAME %u ", t->len);
		ik_sb_add_safe(sb, t->val, t->len && t->val[t->len - 1] == 0 ?
		    t->len - 1u : t->len);
		ik_sb_puts(sb, "\n");
		return;
	case IK_HT_SERIAL:
		hex = malloc(3 * (size_t)t->len + 1);
		if (hex == NULL)
			return;
		ik_hex_sep(t->val, t->len, ':', hex);
		ik_sb_printf(sb, "5 SERIALNUMBER %u %s\n", t->len, hex);
		free(hex);
		return;
	case IK_HT_CANAME:
		ik_sb_printf(sb, "6 CANAME %u ", t->len);
		ik_sb_add_safe(sb, t->val, t->len && t->val[t->len - 1] == 0 ?
		    t->len - 1u : t->len);
		ik_sb_puts(sb, "\n");
		return;
	case IK_HT_SIGINFO:
		ik_sb_printf(sb, "7 SIGNATUREINFO 2 %u\n", t->len);
		return;
	case IK_HT_DIGESTALG:
		ik_sb_printf(sb, "8 DIGESTALGORTITHM %u\n", t->len);
		return;
	case IK_HT_SIGALGINFO:
		ik_sb_printf(sb, "9 SIGNATUREALGOINFO 2 %u\n", t->len);
		return;
	case IK_HT_SIGALG:
		ik_sb_printf(sb, "10 SIGNATUREALGORTITHM %u\n", t->len);
		return;
	case IK_HT_SIGMODULUS:
		ik_sb_printf(sb, "11 SIGNATUREMODULUS %u\n", t->len);
		return;
	case IK_HT_SIGNATURE:
		ik_sb_printf(sb, "12 SIGNATURE %u\n", t->len);
		/* A dump's signature holds only the bytes it printed. */
		text_sigbytes(sb, t->val, itl->format == IK_FMT_TEXT &&
		    itl->dump_sig_printed < t->len ? itl->dump_sig_printed :
		    t->len);
		return;
	case IK_HT_PAD:
		return;
	case IK_HT_FILENAME:
		ik_sb_printf(sb, "14 FILENAME %u\n", t->len);
		return;
	case IK_HT_TIMESTAMP:
		ik_sb_printf(sb, "15 TIMESTAMP %u\n", t->len);
		return;
	case IK_HT_SIGNERVERSION:
		ik_sb_printf(sb, "28 SIGNERVERSION %u", t->len);
		if (h->has_signer_version)
			ik_sb_printf(sb, " %u.%u", h->signer_version[0],
			    h->signer_version[1]);
		ik_sb_puts(sb, "\n");
		return;
	default:
		ik_sb_printf(sb, "%u UNKNOWN %u\n", t->tag, t->len);
		return;
	}
}

static void
text_record(ik_sb *sb, const ik_itl *itl, const ik_itl_record *r,
    const char *kname)
{
	const ik_tlv *t;
	const char *fn;
	size_t i;
	char hex[3 * 64 + 1];

	ik_sb_printf(sb, "%s Record #:%zu\n----\nBYTEPOS TAG LENGTH VALUE\n"
	    "------- --- ------ -----\n", kname, r->index);
	for (i = 0; i < r->tlv_count; i++) {
		t = &itl->tlvs[r->tlv_first + i];
		switch (t->tag) {
		case IK_RT_RECORDLENGTH:
			ik_sb_printf(sb, "1 RECORDLENGTH 2 %u\n",
			    r->has_declared_length ? r->declared_length : 0);
			break;
		case IK_RT_DNSNAME:
			ik_sb_printf(sb, "2 DNSNAME %u", t->len);
			if (r->dns_name != NULL && r->dns_name[0] != '\0') {
				ik_sb_puts(sb, " ");
				ik_sb_puts_safe(sb, r->dns_name, "");
			}
			ik_sb_puts(sb, "\n");
			break;
		case IK_RT_SUBJECT:
			ik_sb_printf(sb, "3 SUBJECTNAME %u ", t->len);
			ik_sb_puts_safe(sb, r->subject, "");
			ik_sb_puts(sb, "\n");
			break;
		case IK_RT_FUNCTION:
			fn = ik_itl_function_text(r->function);
			if (fn != NULL)
				ik_sb_printf(sb, "4 FUNCTION 2 %s\n", fn);
			else
				ik_sb_printf(sb, "4 FUNCTION %u %d\n", t->len,
				    r->function);
			break;
		case IK_RT_ISSUER:
			ik_sb_printf(sb, "5 ISSUERNAME %u ", t->len);
			ik_sb_puts_safe(sb, r->issuer, "");
			ik_sb_puts(sb, "\n");
			break;
		case IK_RT_SERIAL:
			if (t->len <= 64) {
				ik_hex_sep(t->val, t->len, ':', hex);
				ik_sb_printf(sb, "6 SERIALNUMBER %u %s\n",
				    t->len, hex);
			} else {
				ik_sb_printf(sb, "6 SERIALNUMBER %u\n", t->len);
			}
			break;
		case IK_RT_PUBKEY:
			ik_sb_printf(sb, "7 PUBLICKEY %u\n", t->len);
			break;
		case IK_RT_SIGNATURE:
			ik_sb_printf(sb, "8 SIGNATURE %u\n", t->len);
			break;
		case IK_RT_CERT:
			ik_hex_sep(r->cert_sha1, 20, ' ', hex);
			ik_sb_printf(sb, "9 CERTIFICATE %u %s\n(SHA1 Hash HEX)\n",
			    t->len, hex);
			break;
		case IK_RT_IPADDRESS:
			if (t->len == 4 && (itl->format == IK_FMT_TLV ||
			    r->has_ip))
				ik_sb_printf(sb, "10 IPADDRESS 4 %u.%u.%u.%u\n",
				    t->val[0], t->val[1], t->val[2], t->val[3]);
			else
				ik_sb_printf(sb, "10 IPADDRESS %u\n", t->len);
			break;
		case IK_RT_CERTHASH:
			if (t->len <= 64) {
				ik_hex_sep(t->val, t->len, ' ', hex);
				ik_sb_printf(sb, "11 CERTHASH %u %s\n", t->len,
				    hex);
			} else {
				ik_sb_printf(sb, "11 CERTHASH %u\n", t->len);
			}
			break;
		case IK_RT_HASHALG:
			ik_sb_printf(sb, "12 HASH ALGORITHM %u %s\n", t->len,
			    t->len == 1 && t->val[0] == 1 ? "SHA-1" :
			    t->len == 1 && t->val[0] == 2 ? "SHA-256" :
			    t->len == 1 && t->val[0] == 3 ? "SHA-512" : "?");
			break;
		default:
			ik_sb_printf(sb, "%u UNKNOWN %u\n", t->tag, t->len);
			break;
		}
	}
	if (r->function == IK_FN_SAST)
		ik_sb_printf(sb, "This etoken was %sused to sign the %s file.\n",
		    r->is_signer ? "" : "not ", kname);
}

/* What the signature check says, in words. */
static const char *
signature_words(const ik_itl *itl)
{
	switch (itl->signature) {
	case IK_SIG_VALID:
		return "signature valid";
	case IK_SIG_INVALID:
		return "signature INVALID";
	case IK_SIG_NOT_CHECKED:
		return itl->format == IK_FMT_TEXT && itl->dump_verified ?
		    "verified by CUCM (a dump: not checked here)" :
		    "signature not checked";
	default:
		return NULL;
	}
}

/*
 * The answer first: "pub.tlv: ITL, signature valid, 6 records, signed by
 * ITLRECOVERY_pub (record 5); 1 warning".
 */
static void
verdict_line(ik_sb *sb, const ik_itl *itl, const ik_itl_render_opts *o)
{
	const ik_itl_record *s = itl->signer_index ?
	    &itl->recs[itl->signer_index - 1] : NULL;
	const char *words = signature_words(itl);
	int worst = ik_findings_worst(&itl->findings);
	char cn[128], buf[64];

	ik_sb_puts_safe(sb, o->path, "-");
	if (itl->format == IK_FMT_TEXT && itl->dump_index > 1)
		ik_sb_printf(sb, " (dump %zu)", itl->dump_index);
	ik_sb_printf(sb, ": %s, ", ik_itl_kind_name(itl->kind));
	if (itl->malformed || itl->incomplete) {
		ik_text_tone(sb, o->text, IK_SEV_ERROR, itl->malformed ?
		    "malformed" : "incomplete");
		ik_sb_puts(sb, ", ");
	}
	if (words == NULL) {
		snprintf(buf, sizeof(buf), "signature %s",
		    ik_sigstate_name(itl->signature));
		words = buf;
	}
	ik_text_tone(sb, o->text, worst < IK_SEV_WARNING ? -1 : worst, words);
	ik_sb_printf(sb, ", %zu record%s", itl->nrec, itl->nrec == 1 ? "" :
	    "s");
	if (s != NULL) {
		ik_name_cn(s->subject, cn, sizeof(cn));
		ik_sb_puts(sb, ", signed by ");
		ik_sb_puts_safe(sb, cn[0] != '\0' ? cn : s->subject, "?");
		ik_sb_printf(sb, " (record %zu)", s->index);
	} else if (itl->hdr.signer_name != NULL) {
		ik_name_cn(itl->hdr.signer_name, cn, sizeof(cn));
		ik_sb_puts(sb, ", signer ");
		ik_sb_puts_safe(sb, cn[0] != '\0' ? cn : itl->hdr.signer_name,
		    "");
		/* Unverified, the signer record was not looked for. */
		if (itl->signature != IK_SIG_NOT_CHECKED ||
		    itl->format == IK_FMT_TEXT)
			ik_sb_puts(sb, " not among the records");
	}
	ik_text_counts(sb, o->text, &itl->findings);
	ik_sb_puts(sb, "\n");
}

void
ik_itl_text(ik_sb *sb, const ik_itl *itl, const ik_itl_render_opts *o)
{
	const ik_itl_header *h = &itl->hdr;
	const char *kname = itl->kind == IK_KIND_CTL ? "CTL" : "ITL";
	char hex[129], when[64];
	time_t ts;
	struct tm tm;
	size_t i;

	verdict_line(sb, itl, o);
	if (o->text != NULL && o->text->brief)
		return;
	ik_sb_puts(sb, "== ");
	ik_sb_puts_safe(sb, o->path, "");
	if (itl->format == IK_FMT_TEXT && itl->dump_index > 1)
		ik_sb_printf(sb, " (dump %zu)", itl->dump_index);
	ik_sb_puts(sb, "\n");
	ik_sb_printf(sb, "The checksum value of the %s file:\n", kname);
	if (itl->has_md5) {
		ik_hex(itl->md5, 16, hex);
		ik_sb_printf(sb, "%s(MD5)\n", hex);
	}
	if (itl->has_sha1) {
		ik_hex(itl->sha1, 20, hex);
		ik_sb_printf(sb, "%s(SHA1)\n", hex);
	}
	ik_sb_printf(sb, "Length of %s file: %zu\n", kname, itl->file_length);
	if (!h->has_timestamp && itl->dump_modified != NULL) {
		ik_sb_printf(sb, "The %s File was last modified on ", kname);
		ik_sb_puts_safe(sb, itl->dump_modified, "");
		ik_sb_puts(sb, "\n");
	} else if (h->has_timestamp) {
		ts = (time_t)h->timestamp;
		gmtime_r(&ts, &tm);
		strftime(when, sizeof(when), "%a %b %d %H:%M:%S UTC %Y", &tm);
		ik_sb_printf(sb, "The %s File was last modified on %s\n", kname,
		    when);
	}
	ik_sb_printf(sb, "Parse %s File\n----------------\n", kname);
	if (h->has_version)
		ik_sb_printf(sb, "Version: %u.%u\n", h->ver_major,
		    h->ver_minor);
	if (h->has_header_length)
		ik_sb_printf(sb, "HeaderLength: %u (BYTES)\n",
		    h->header_length);
	ik_sb_puts(sb, "BYTEPOS TAG LENGTH VALUE\n------- --- ------ -----\n");
	for (i = 0; i < itl->header_ntlv; i++)
		text_header_tlv(sb, itl, &itl->tlvs[i]);
	for (i = 0; i < itl->nrec; i++)
		text_record(sb, itl, &itl->recs[i], kname);
	switch (itl->signature) {
	case IK_SIG_VALID:
		ik_sb_printf(sb, "The %s file was verified successfully.\n",
		    kname);
		break;
	case IK_SIG_NOT_CHECKED:
		if (itl->format == IK_FMT_TEXT && itl->dump_verified)
			ik_sb_printf(sb, "The %s file was verified successfully (by CUCM, as the dump says; itlkit cannot check a dump).\n",
			    kname);
		else
			ik_sb_printf(sb, "The %s file signature was not checked.\n",
			    kname);
		break;
	default:
		ik_sb_printf(sb, "The %s file could not be verified (signature %s).\n",
		    kname, ik_sigstate_name(itl->signature));
		break;
	}
	ik_time_format(o->at, when, sizeof(when));
	ik_sb_printf(sb, "-- itlkit: kind %s, %zu records, signer record %zu, signature %s, status %s (as of %s)\n",
	    ik_itl_kind_name(itl->kind), itl->nrec, itl->signer_index,
	    ik_sigstate_name(itl->signature), ik_itl_status(itl), when);
	ik_findings_text_opts(sb, &itl->findings, "-- ", o->text);
}

/* ---- CSV ------------------------------------------------------------------ */

void
ik_itl_csv_header(ik_sb *sb)
{
	ik_sb_puts(sb, "file,index,function,dns_name,subject,issuer,serial,"
	    "ip_address,cert_sha1,cert_hash_only,not_before,not_after,"
	    "key_type,key_bits,is_signer,is_itl_recovery,signature,status\n");
}

static void
cell(ik_sb *sb, const char *s, bool last)
{
	ik_sb_csv_cell(sb, s);
	ik_sb_puts(sb, last ? "\n" : ",");
}

static const char *
yes_no(bool b)
{
	return b ? "true" : "false";
}

void
ik_itl_csv(ik_sb *sb, const ik_itl *itl, const ik_itl_render_opts *o)
{
	const ik_itl_record *r;
	const char *role;
	char n[24], ser[3 * 64 + 1], ip[16], sha[41], nb[32], na[32], bits[16];
	size_t i;

	for (i = 0; i < itl->nrec; i++) {
		r = &itl->recs[i];
		role = ik_itl_function_role(r->function);
		snprintf(n, sizeof(n), "%zu", r->index);
		ser[0] = ip[0] = sha[0] = nb[0] = na[0] = bits[0] = '\0';
		if (r->serial != NULL && r->serial_len <= 64)
			ik_hex_sep(r->serial, r->serial_len, ':', ser);
		if (r->has_ip)
			snprintf(ip, sizeof(ip), "%u.%u.%u.%u", r->ip[0],
			    r->ip[1], r->ip[2], r->ip[3]);
		if (r->has_cert_sha1)
			ik_hex(r->cert_sha1, 20, sha);
		if (r->has_validity) {
			ik_time_format(r->not_before, nb, sizeof(nb));
			ik_time_format(r->not_after, na, sizeof(na));
		}
		if (r->key_bits > 0)
			snprintf(bits, sizeof(bits), "%d", r->key_bits);
		cell(sb, o->path, false);
		cell(sb, n, false);
		cell(sb, role != NULL ? role : r->function >= 0 ? "unknown" :
		    "", false);
		cell(sb, r->dns_name, false);
		cell(sb, r->subject, false);
		cell(sb, r->issuer, false);
		cell(sb, ser, false);
		cell(sb, ip, false);
		cell(sb, sha, false);
		cell(sb, yes_no(r->cert == NULL && r->certhash != NULL), false);
		cell(sb, nb, false);
		cell(sb, na, false);
		cell(sb, r->key_type, false);
		cell(sb, bits, false);
		cell(sb, yes_no(r->is_signer), false);
		cell(sb, yes_no(r->is_itl_recovery), false);
		cell(sb, ik_sigstate_name(itl->signature), false);
		cell(sb, ik_itl_status(itl), true);
	}
}
