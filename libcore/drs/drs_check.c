/*
 * drs_check.c: a backup set judged.  The manifest says which component
 * files to expect and holds, encrypted under the cluster security
 * password, each component's random backup password and SHA-1.  A
 * password is called right only when some scheme decrypts every
 * EncryptKey to 20 letters and digits AND the checksums then match the
 * files: padding alone is a 1 in 256 chance.  Each present component is
 * read once: hashed, and with --deep decrypted and listed on the way.
 * Layer: drs.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ik_drs.h"
#include "ik_p12.h"
#include "drs_private.h"

typedef char sumhex[41];

/* Decrypted values of one scheme trial. */
typedef struct trial {
	char **randpw;
	sumhex *sums;
	size_t n;
} trial;

static void
trial_free(trial *t)
{
	size_t i;

	for (i = 0; t->randpw != NULL && i < t->n; i++) {
		if (t->randpw[i] != NULL)
			ik_wipe(t->randpw[i], IK_DRS_RANDPW_LEN);
		free(t->randpw[i]);
	}
	free(t->randpw);
	free(t->sums);
	memset(t, 0, sizeof(*t));
}

/*
 * Tries one scheme: every component's EncryptKey must decrypt to a
 * plausible random password and its checksum to 40 hex characters.
 * Returns 1 plausible, 0 not, -1 out of memory.
 */
static int
try_scheme(const ik_drs_manifest *m, int scheme, const char *H, trial *t)
{
	uint8_t buf[272];
	size_t i, n, checked = 0;
	ik_error e;

	t->n = m->ncomps;
	t->randpw = calloc(m->ncomps ? m->ncomps : 1, sizeof(char *));
	t->sums = calloc(m->ncomps ? m->ncomps : 1, sizeof(sumhex));
	if (t->randpw == NULL || t->sums == NULL)
		return -1;
	for (i = 0; i < m->ncomps; i++) {
		const ik_drs_comp *c = &m->comps[i];

		if (c->encrypt_key == NULL || c->encrypted_sha1 == NULL)
			continue;
		ik_error_clear(&e);
		if (ik_drs_value_decrypt(scheme, H, c->encrypt_key, buf,
		    sizeof(buf), &n, &e) != IK_OK ||
		    !ik_drs_randpw_plausible(buf, n))
			goto no;
		if ((t->randpw[i] = strndup((const char *)buf, n)) == NULL) {
			ik_wipe(buf, sizeof(buf));
			return -1;
		}
		if (ik_drs_value_decrypt(scheme, H, c->encrypted_sha1, buf,
		    sizeof(buf), &n, &e) != IK_OK ||
		    !ik_drs_sha1hex_plausible(buf, n))
			goto no;
		memcpy(t->sums[i], buf, 40);
		t->sums[i][40] = '\0';
		checked++;
	}
	ik_wipe(buf, sizeof(buf));
	return checked > 0;
no:
	ik_wipe(buf, sizeof(buf));
	return 0;
}

/*
 * Finds the candidate and scheme that decrypt the manifest.  The
 * version's scheme is tried first, then the others, because versions
 * after 12.0 have no public research.
 */
static ik_status
find_password(ik_drs_report *r, const ik_secrets *pw, trial *out,
    ik_error *err)
{
	int order[4], nord = 0, s, k, want, got;
	char H[IK_DRS_PLATFORM_HEX + 1];
	size_t c;
	ik_status st;
	ik_error e;

	want = ik_drs_scheme_for_version(r->m.version);
	if (want != 0)
		order[nord++] = want;
	for (s = 1; s <= 4; s++)
		if (s != want)
			order[nord++] = s;
	for (c = 0; c < pw->n; c++) {
		ik_error_clear(&e);
		st = ik_drs_platform_encode(pw->v[c].s, pw->v[c].len, H, &e);
		if (st == IK_FATAL) {
			*err = e;
			return st;
		}
		if (st != IK_OK) {
			ik_findings_add(&r->findings, IK_SEV_WARNING,
			    IKF_DRS_PASSWORD_TOO_LONG, NULL,
			    "password candidate on line %zu: %s", pw->v[c].line,
			    e.msg);
			continue;
		}
		memcpy(r->platform_hex, H, sizeof(H));
		for (k = 0; k < nord; k++) {
			got = try_scheme(&r->m, order[k], H, out);
			if (got < 0) {
				trial_free(out);
				ik_wipe(H, sizeof(H));
				return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
				    "out of memory");
			}
			if (got > 0) {
				r->scheme = order[k];
				r->candidate = pw->v[c].line;
				ik_wipe(H, sizeof(H));
				return IK_OK;
			}
			trial_free(out);
		}
	}
	ik_wipe(H, sizeof(H));
	ik_wipe(r->platform_hex, sizeof(r->platform_hex));
	return IK_OK;
}

static char *
expected_name(const ik_drs_report *r, const ik_drs_comp *c)
{
	char *s = NULL;

	if (asprintf(&s, "%s_%s_%s_%s.tar", r->backup_id,
	    c->server ? c->server : "?", c->feature ? c->feature : "?",
	    c->component ? c->component : "?") < 0)
		return NULL;
	return s;
}

static int
push_name(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (nv == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strdup(s)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

/* Matches manifest components to the set's files; the rest are extra. */
static ik_status
match_files(const ik_drs_set *set, ik_drs_report *r, ik_error *err)
{
	bool *claimed = calloc(set->nfiles + 1, sizeof(bool));
	size_t i, j;
	char *want;

	r->comps = calloc(r->m.ncomps + 1, sizeof(*r->comps));
	if (claimed == NULL || r->comps == NULL) {
		free(claimed);
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	}
	r->ncomps = r->m.ncomps;
	for (i = 0; i < r->m.ncomps; i++) {
		ik_drs_comp_report *cr = &r->comps[i];
		const ik_drs_comp *c = &r->m.comps[i];

		cr->checksum = IK_DRS_SUM_NOT_CHECKED;
		cr->scan.decrypted = -1;
		cr->leak_opened = -1;
		cr->feature = c->feature;
		cr->server = c->server;
		cr->component = c->component;
		if ((want = expected_name(r, c)) == NULL)
			goto oom;
		for (j = 0; j < set->nfiles; j++)
			if (!claimed[j] && strcasecmp(want, set->files[j]) == 0)
				break;
		if (j < set->nfiles) {
			claimed[j] = true;
			cr->present = true;
			free(want);
			want = strdup(set->files[j]);
			if (want == NULL)
				goto oom;
		} else {
			if (push_name(&r->missing, &r->nmissing, want) != 0) {
				free(want);
				goto oom;
			}
			ik_findings_add(&r->findings, IK_SEV_ERROR,
			    IKF_DRS_COMPONENT_MISSING, want,
			    "component %s of %s is in the manifest but its file is missing",
			    c->component ? c->component : "?",
			    c->server ? c->server : "?");
		}
		cr->file = want;
	}
	for (j = 0; j < set->nfiles; j++) {
		if (claimed[j])
			continue;
		if (push_name(&r->extra, &r->nextra, set->files[j]) != 0)
			goto oom;
		/* Beside a manifest that could not be read, every file is
		 * unlisted: that is said once, by DRS_MANIFEST_MALFORMED. */
		if (r->manifest != NULL && !ik_findings_has(&r->findings,
		    IKF_DRS_MANIFEST_MALFORMED))
			ik_findings_add(&r->findings, IK_SEV_WARNING,
			    IKF_DRS_EXTRA_FILE, set->files[j],
			    "file carries this backup id but the manifest does not list it");
	}
	free(claimed);
	return IK_OK;
oom:
	free(claimed);
	return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
}

/*
 * Each key in clear in the trailing text: where it is, how long, whether
 * it is the manifest's backup key, and whether it opened the component;
 * never the key.
 */
static void
judge_leaks(ik_findings *f, const ik_drs_comp_report *cr,
    const char *randpw)
{
	const ik_drs_leak *lk;
	size_t k;
	bool same;

	for (k = 0; k < cr->nleaks; k++) {
		lk = &cr->leaks[k];
		same = randpw != NULL && strlen(randpw) == lk->len &&
		    memcmp(randpw, cr->layout.trailer + lk->off, lk->len) == 0;
		ik_findings_add(f, IK_SEV_WARNING, IKF_DRS_PASSWORD_LEAK,
		    cr->file,
		    "trailing text holds an openssl '%s' key in clear: present at byte %llu of the file (%zu characters%s); anyone with this file can decrypt it without the cluster password",
		    lk->form, (unsigned long long)(cr->layout.data_end +
		    lk->off), lk->len,
		    same ? ", the component's backup password" : "");
	}
	if (cr->leak_opened > 0) {
		lk = &cr->leaks[cr->leak_opened - 1];
		ik_findings_add(f, IK_SEV_WARNING, IKF_DRS_LEAKED_KEY_OPENED,
		    cr->file,
		    "opened with the key leaked at byte %llu, not with a key from the manifest: decrypted to the end, %s with %lld members; no manifest checksum vouches for its content",
		    (unsigned long long)(cr->layout.data_end + lk->off),
		    cr->scan.payload, cr->scan.members);
	}
}

/* Findings from a component's layout and scan. */
static void
judge_component(ik_drs_report *r, ik_drs_comp_report *cr, const char *randpw,
    const char *sum)
{
	ik_findings *f = &r->findings;
	const char *w = cr->file;
	char hex[41];

	switch (cr->layout.container) {
	case IK_DRS_CONT_UNKNOWN:
		ik_findings_add(f, IK_SEV_ERROR, IKF_DRS_CONTAINER_UNKNOWN, w,
		    "neither an OpenSSL Salted__ container nor a tar or gzip file");
		break;
	case IK_DRS_CONT_TAR:
	case IK_DRS_CONT_GZIP:
		ik_findings_add(f, IK_SEV_WARNING, IKF_DRS_CONTAINER_PLAIN, w,
		    "component is a plain %s, not encrypted",
		    ik_drs_container_name(cr->layout.container));
		break;
	case IK_DRS_CONT_SALTED:
		if (!cr->layout.aligned)
			ik_findings_add(f, IK_SEV_ERROR, IKF_DRS_CONTAINER_TRUNCATED,
			    w, "ciphertext of %llu bytes is not whole AES blocks (truncated?)",
			    (unsigned long long)(cr->size - 16));
		else if (cr->layout.data_end == cr->layout.data_start)
			ik_findings_add(f, IK_SEV_ERROR, IKF_DRS_CONTAINER_TRUNCATED,
			    w, "container holds no ciphertext");
		break;
	}
	if (cr->layout.trailer_len > 0) {
		ik_findings_add(f, IK_SEV_INFO, IKF_DRS_TRAILING_TEXT, w,
		    "%zu bytes of plain text after the ciphertext",
		    cr->layout.trailer_len);
		judge_leaks(f, cr, randpw);
	}
	if (sum != NULL && sum[0] != '\0' && cr->scan.hashed) {
		ik_hex(cr->scan.sha1_all, 20, hex);
		if (strcmp(hex, sum) == 0) {
			cr->checksum = IK_DRS_SUM_MATCH;
		} else {
			ik_hex(cr->scan.sha1_body, 20, hex);
			cr->checksum_body = strcmp(hex, sum) == 0;
			cr->checksum = cr->checksum_body ? IK_DRS_SUM_MATCH :
			    IK_DRS_SUM_MISMATCH;
		}
		/* The bytes after the checksummed range are vouched for by
		 * nothing: anyone may have appended them. */
		if (cr->checksum_body)
			ik_findings_add(f, IK_SEV_WARNING,
			    IKF_DRS_CHECKSUM_EXCLUDES_TRAILER, w,
			    "the manifest checksum matches the file without its last %llu bytes (from offset %llu): those bytes are not covered by any checksum and may have been appended after the backup",
			    (unsigned long long)(cr->layout.size -
			    cr->layout.data_end),
			    (unsigned long long)cr->layout.data_end);
		else if (cr->checksum == IK_DRS_SUM_MISMATCH)
			ik_findings_add(f, IK_SEV_ERROR, IKF_DRS_CHECKSUM_MISMATCH, w,
			    "SHA-1 of the file differs from the manifest: altered, truncated or replaced after the backup");
	}
	if (cr->scan.unsafe > 0)
		ik_findings_add(f, IK_SEV_WARNING, IKF_DRS_MEMBER_UNSAFE, w,
		    "%lld members would leave the extraction folder or are devices (first: %.200s); drs-extract refuses them",
		    cr->scan.unsafe, cr->scan.unsafe_example ?
		    cr->scan.unsafe_example : "?");
	if (cr->leak_opened == 0)
		ik_findings_add(f, IK_SEV_WARNING, IKF_DRS_LEAKED_KEY_FAILED, w,
		    "no key leaked in the trailing text opens the component (%zu tried): %s",
		    cr->nleaks, cr->leak_error ? cr->leak_error : "?");
	else if (cr->scan.decrypted == 0)
		ik_findings_add(f, IK_SEV_ERROR, IKF_DRS_DECRYPT_FAILED, w, "%s",
		    cr->scan.archive_error ? cr->scan.archive_error :
		    "decryption failed");
	else if (cr->scan.archive_error != NULL)
		ik_findings_add(f, IK_SEV_ERROR, IKF_DRS_ARCHIVE_UNREADABLE, w,
		    "inner archive: %s", cr->scan.archive_error);
}

/* A set being checked: what its steps share. */
struct drs_checking {
	const ik_drs_set *set;
	ik_drs_opts opts;
	ik_kdf_budget own;	/* when the caller gave no budget */
	ik_drs_report *r;
	trial t;		/* the manifest's keys and checksums */
	bool given;		/* a password was given */
};

/*
 * Tries the keys leaked in a component's trailing text, in order: one
 * opens it when it decrypts the whole file with valid padding and the
 * plaintext reads as a tar or tar.gz to its end (padding alone is right
 * by chance 1 time in 256).  Each try reads the file again; the scan
 * kept is the opening one's, or the last one's digests with its
 * decryption forgotten (a leak that does not open is no verdict on the
 * file).
 */
static ik_status
scan_leaked(ik_drs_source *src, ik_drs_comp_report *cr, ik_digest md,
    ik_error *err)
{
	const ik_drs_leak *lk;
	uint8_t all[20], body[20];
	size_t k;
	char *key;
	bool hashed;
	ik_status s = IK_OK;

	cr->leak_opened = 0;
	for (k = 0; k < cr->nleaks; k++) {
		lk = &cr->leaks[k];
		/* A member of an archive is read once: one key is tried. */
		if (k > 0 && src->fd < 0 && src->mem == NULL)
			break;
		if (k > 0) {
			ik_drs_scan_free(&cr->scan);
			src->progress = NULL;	/* counted once */
		}
		if ((key = strndup(cr->layout.trailer + lk->off, lk->len)) ==
		    NULL)
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		s = ik_drs_scan_source(src, &cr->layout, md, key, lk->len,
		    true, &cr->scan, err);
		if (s == IK_OK && cr->scan.decrypted == 1 &&
		    cr->scan.archive_error == NULL &&
		    cr->scan.payload != NULL &&
		    strcmp(cr->scan.payload, "unknown") != 0) {
			cr->leak_opened = (int)k + 1;
			cr->leaked_key = key;
			return IK_OK;
		}
		ik_wipe(key, lk->len);
		free(key);
		if (s != IK_OK)
			return s;
	}
	free(cr->leak_error);
	if (asprintf(&cr->leak_error, "%s%s", cr->scan.archive_error != NULL ?
	    cr->scan.archive_error : "the plaintext is not a tar or tar.gz",
	    k < cr->nleaks ? " (only the first key was tried: the component "
	    "is in an archive and read once; unpack it to try the others)" :
	    "") < 0)
		cr->leak_error = NULL;
	/* Only the digests are about the file; what the wrong key gave
	 * (members, artifacts) is not. */
	memcpy(all, cr->scan.sha1_all, sizeof(all));
	memcpy(body, cr->scan.sha1_body, sizeof(body));
	hashed = cr->scan.hashed;
	ik_drs_scan_free(&cr->scan);
	memcpy(cr->scan.sha1_all, all, sizeof(all));
	memcpy(cr->scan.sha1_body, body, sizeof(body));
	cr->scan.hashed = hashed;
	cr->scan.decrypted = -1;
	return IK_OK;
}

/*
 * Reads a present component once, its layout known (digests, with its
 * random password and o->deep decryption and listing).
 */
ik_status
drs_check_component(drs_checking *c, size_t i, ik_drs_source *src,
    ik_error *err)
{
	const ik_drs_opts *o = &c->opts;
	ik_drs_comp_report *cr = &c->r->comps[i];
	const char *randpw = o->deep && c->t.randpw != NULL ?
	    c->t.randpw[i] : NULL;
	bool has_key = c->t.randpw != NULL && c->t.randpw[i] != NULL;
	ik_digest md = ik_drs_container_digest(c->r->m.version);
	ik_status s = IK_OK;

	src->p12_passwords = o->passwords;
	src->kdf = o->kdf;
	if (cr->layout.trailer != NULL)
		cr->nleaks = ik_drs_trailer_leaks(cr->layout.trailer,
		    cr->layout.trailer_len, cr->leaks, IK_DRS_LEAKS_MAX);
	if (!has_key && o->use_leaked_key && cr->nleaks > 0 &&
	    cr->layout.container == IK_DRS_CONT_SALTED)
		s = scan_leaked(src, cr, md, err);
	else if (o->hash || o->deep)
		s = ik_drs_scan_source(src, &cr->layout, md, randpw,
		    randpw ? strlen(randpw) : 0, o->deep, &cr->scan, err);
	if (s != IK_OK)
		ik_error_push(err, "%s", cr->file);
	return s;
}

bool
drs_check_reads(const drs_checking *c, size_t i)
{
	return c->r->comps[i].present && (c->opts.hash || c->opts.deep ||
	    c->opts.use_leaked_key);
}

/* A component of a folder's set, read with pread: a piece of the pool. */
static ik_status
scan_component(void *arg, size_t i, ik_drs_progress_fn progress,
    void *progress_arg, ik_error *err)
{
	drs_checking *c = arg;
	ik_drs_comp_report *cr = &c->r->comps[i];
	ik_drs_source src = { .fd = -1 };
	struct stat st;
	char *path = NULL;
	ik_status s;

	if (!cr->present)
		return IK_OK;
	if (asprintf(&path, "%s/%s", c->set->dir, cr->file) < 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	src.fd = drs_open_evidence(AT_FDCWD, path);
	if (src.fd < 0 || fstat(src.fd, &st) != 0) {
		s = ik_error_set(err, IK_FATAL, IK_ERR_IO, "%s: cannot open",
		    path);
		if (src.fd >= 0)
			close(src.fd);
		free(path);
		return s;
	}
	free(path);
	src.size = cr->size = (uint64_t)st.st_size;
	src.progress = progress;
	src.progress_arg = progress_arg;
	s = ik_drs_source_layout(&src, &cr->layout, err);
	if (s == IK_OK)
		s = drs_check_component(c, i, &src, err);
	else
		ik_error_push(err, "%s", cr->file);
	close(src.fd);
	return s;
}

static bool
has_error(const ik_findings *f, const ik_code *codes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ik_findings_has(f, codes[i]))
			return true;
	return false;
}

static void
decide(ik_drs_report *r, bool given, size_t matched)
{
	static const ik_code corrupt[] = { IKF_DRS_MANIFEST_MALFORMED,
		IKF_DRS_MANIFEST_INCOMPLETE, IKF_DRS_MANIFEST_NO_COMPONENTS,
		IKF_DRS_CONTAINER_UNKNOWN, IKF_DRS_CONTAINER_TRUNCATED,
		IKF_DRS_CHECKSUM_MISMATCH, IKF_DRS_DECRYPT_FAILED,
		IKF_DRS_ARCHIVE_UNREADABLE, IKF_DRS_ARCHIVE_DUPLICATE };

	if (!given)
		r->password = IK_DRS_PASSWORD_NOT_GIVEN;
	else if (r->manifest == NULL || r->m.ncomps == 0)
		/* nothing to check it against */
		r->password = IK_DRS_PASSWORD_UNVERIFIED;
	else if (r->scheme == 0)
		r->password = ik_drs_scheme_for_version(r->m.version) != 0 ?
		    IK_DRS_PASSWORD_WRONG : IK_DRS_PASSWORD_UNSUPPORTED;
	else
		r->password = matched > 0 ? IK_DRS_PASSWORD_VERIFIED :
		    IK_DRS_PASSWORD_UNVERIFIED;

	if (has_error(&r->findings, corrupt,
	    sizeof(corrupt) / sizeof(corrupt[0])))
		r->status = IK_DRS_CORRUPT;
	else if (r->password == IK_DRS_PASSWORD_WRONG)
		r->status = IK_DRS_WRONG_PASSWORD;
	else if (r->password == IK_DRS_PASSWORD_UNSUPPORTED)
		r->status = IK_DRS_UNSUPPORTED;
	else if (r->manifest == NULL || r->nmissing > 0 ||
	    r->findings.lost > 0)	/* a lost finding: not ok, not known */
		r->status = IK_DRS_INCOMPLETE;
	else if (r->password == IK_DRS_PASSWORD_VERIFIED)
		r->status = IK_DRS_OK;
	else
		r->status = IK_DRS_UNVERIFIED;
}

/*
 * Reads and parses the manifest (inside an archive, mem holds it, or NULL
 * when it was over the limit); a bad one is a verdict, not a failure.
 */
static ik_status
load_manifest(const ik_drs_set *set, const uint8_t *mem, size_t memlen,
    ik_drs_report *r, ik_error *err)
{
	ik_error e;
	ik_status st;
	int n;

	n = set->archive == NULL ? asprintf(&r->manifest, "%s/%s", set->dir,
	    set->manifest) : asprintf(&r->manifest, "%s%s", set->dir,
	    set->manifest);
	if (n < 0) {
		r->manifest = NULL;
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	}
	ik_error_clear(&e);
	if (set->archive == NULL)
		st = ik_read_file(r->manifest, IK_DRS_MANIFEST_MAX,
		    &r->manifest_bytes, &r->manifest_len, &e);
	else if (mem == NULL)
		st = ik_error_set(&e, IK_FAILED, IK_ERR_FORMAT,
		    "file is %zu bytes, over the %zu-byte limit", memlen,
		    (size_t)IK_DRS_MANIFEST_MAX);
	else if ((r->manifest_bytes = malloc(memlen ? memlen : 1)) == NULL)
		st = ik_error_set(&e, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	else {
		memcpy(r->manifest_bytes, mem, memlen);
		r->manifest_len = memlen;
		st = IK_OK;
	}
	if (st == IK_FATAL) {
		*err = e;
		return ik_error_push(err, "%s", r->manifest);
	}
	if (st != IK_OK) {
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    IKF_DRS_MANIFEST_MALFORMED, set->manifest, "%s", e.msg);
		return IK_OK;
	}
	r->manifest_size = (long long)r->manifest_len;
	ik_digest_buf(IK_SHA256, r->manifest_bytes, r->manifest_len,
	    r->manifest_sha256);
	st = ik_drs_manifest_parse(r->manifest_bytes, r->manifest_len, &r->m,
	    &r->findings, &e);
	if (st == IK_FATAL) {
		*err = e;
		return ik_error_push(err, "%s", r->manifest);
	}
	if (st != IK_OK)
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    IKF_DRS_MANIFEST_MALFORMED, set->manifest, "%s", e.msg);
	return IK_OK;
}

void
drs_check_abort(drs_checking *c)
{
	if (c == NULL)
		return;
	trial_free(&c->t);
	free(c);
}

ik_status
drs_check_begin(const ik_drs_set *set, const ik_drs_opts *in,
    const uint8_t *manifest, size_t manifest_len, ik_drs_report *r,
    drs_checking **out, ik_error *err)
{
	drs_checking *c;
	ik_drs_opts *o;
	ik_status st;

	*out = NULL;
	memset(r, 0, sizeof(*r));
	ik_findings_init(&r->findings);
	r->manifest_size = -1;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	c->set = set;
	c->opts = *in;
	c->r = r;
	o = &c->opts;
	c->given = o->passwords != NULL && o->passwords->n > 0;
	/* Called alone, the set is the run: it gets the whole budget. */
	if (o->kdf == NULL) {
		ik_kdf_budget_init(&c->own, o->kdf_budget);
		o->kdf = &c->own;
	}
	r->label = ik_drs_set_label(set);
	r->dir = strdup(set->dir);
	r->backup_id = strdup(set->backup_id);
	r->publisher = set->publisher ? strdup(set->publisher) : NULL;
	r->archive = set->archive ? strdup(set->archive) : NULL;
	if (r->label == NULL || r->dir == NULL || r->backup_id == NULL ||
	    (set->publisher != NULL && r->publisher == NULL) ||
	    (set->archive != NULL && r->archive == NULL)) {
		st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
		goto fail;
	}
	if (set->manifest == NULL)
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    IKF_DRS_MANIFEST_MISSING, NULL,
		    "files with backup id %s but no drfComponent.xml",
		    set->backup_id);
	else if ((st = load_manifest(set, manifest, manifest_len, r, err)) !=
	    IK_OK)
		goto fail;
	if ((st = match_files(set, r, err)) != IK_OK)
		goto fail;
	if (c->given && r->m.ncomps > 0 &&
	    (st = find_password(r, o->passwords, &c->t, err)) != IK_OK)
		goto fail;
	if (r->scheme != 0 && r->scheme != ik_drs_scheme_for_version(r->m.version))
		ik_findings_add(&r->findings, IK_SEV_INFO, IKF_DRS_SCHEME_BY_TRIAL,
		    NULL, "version %s: manifest values decrypt with scheme %d, found by trial",
		    r->m.version ? r->m.version : "(none)", r->scheme);
	*out = c;
	return IK_OK;
fail:
	drs_check_abort(c);
	return st;
}

void
drs_check_end(drs_checking *c)
{
	ik_drs_report *r = c->r;
	trial *t = &c->t;
	size_t i, matched = 0;
	bool given = c->given;

	/* Findings are made here, in manifest order, so that the report
	 * does not depend on the order the components were read in. */
	for (i = 0; i < r->ncomps; i++) {
		ik_drs_comp_report *cr = &r->comps[i];
		const char *pw = t->randpw ? t->randpw[i] : NULL;

		if (!cr->present)
			continue;
		judge_component(r, cr, pw, t->sums ? t->sums[i] : NULL);
		if (cr->checksum == IK_DRS_SUM_MATCH)
			matched++;
		if (cr->leak_opened > 0)
			r->leak_opened++;
	}
	if (given && r->scheme != 0 && matched == 0)
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    IKF_DRS_PASSWORD_UNCONFIRMED, NULL,
		    "manifest values decrypt with scheme %d but no component checksum confirms it",
		    r->scheme);
	else if (given && r->scheme == 0 && r->m.ncomps > 0)
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    ik_drs_scheme_for_version(r->m.version) != 0 ?
		    IKF_DRS_PASSWORD_WRONG : IKF_DRS_SCHEME_UNSUPPORTED, NULL,
		    ik_drs_scheme_for_version(r->m.version) != 0 ?
		    "no password candidate decrypts the manifest values (schemes 1-4 tried)" :
		    "version %s has no known value scheme and none of schemes 1-4 decrypts it",
		    r->m.version ? r->m.version : "(none)");
	if (c->opts.deep)
		ik_drs_artifacts_crosscheck(r);
	decide(r, given, matched);
	/* Keep the random passwords only for a verified set (extraction). */
	if (r->password == IK_DRS_PASSWORD_VERIFIED) {
		r->randpw = t->randpw;
		t->randpw = NULL;
	}
	drs_check_abort(c);
}

ik_status
ik_drs_check(const ik_drs_set *set, const ik_drs_opts *o, ik_drs_report *r,
    ik_error *err)
{
	drs_checking *c;
	ik_status st;

	if ((st = drs_check_begin(set, o, NULL, 0, r, &c, err)) != IK_OK)
		return st;
	if ((st = drs_pool_run(r->ncomps, c->opts.jobs, scan_component, c,
	    c->opts.progress, c->opts.progress_arg, err)) != IK_OK) {
		drs_check_abort(c);
		return st;
	}
	drs_check_end(c);
	return IK_OK;
}

void
ik_drs_report_free(ik_drs_report *r)
{
	size_t i;

	for (i = 0; i < r->ncomps; i++) {
		free(r->comps[i].file);
		if (r->comps[i].leaked_key != NULL) {
			ik_wipe(r->comps[i].leaked_key,
			    strlen(r->comps[i].leaked_key));
			free(r->comps[i].leaked_key);
		}
		free(r->comps[i].leak_error);
		ik_drs_layout_free(&r->comps[i].layout);
		ik_drs_scan_free(&r->comps[i].scan);
		if (r->randpw != NULL && r->randpw[i] != NULL) {
			ik_wipe(r->randpw[i], IK_DRS_RANDPW_LEN);
			free(r->randpw[i]);
		}
	}
	free(r->randpw);
	free(r->comps);
	drs_free_strings(r->missing, r->nmissing);
	drs_free_strings(r->extra, r->nextra);
	ik_drs_manifest_free(&r->m);
	ik_findings_free(&r->findings);
	free(r->manifest_bytes);
	free(r->label);
	free(r->dir);
	free(r->archive);
	free(r->manifest);
	free(r->backup_id);
	free(r->publisher);
	ik_wipe(r->platform_hex, sizeof(r->platform_hex));
	memset(r, 0, sizeof(*r));
}

uint64_t
ik_drs_set_bytes(const ik_drs_set *set)
{
	struct stat st;
	uint64_t total = 0;
	size_t i;
	char *p;

	if (set->archive != NULL)
		return set->bytes;
	for (i = 0; i < set->nfiles; i++) {
		if (asprintf(&p, "%s/%s", set->dir, set->files[i]) < 0)
			continue;
		if (stat(p, &st) == 0)
			total += (uint64_t)st.st_size;
		free(p);
	}
	return total;
}
