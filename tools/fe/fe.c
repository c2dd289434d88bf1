/*
 * fe.c: shared front-end helpers.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fe.h"
#include "ik_report.h"
#include "json_write.h"

const char *fe_prog = "itlkit";
const char *fe_exists_hint = " (use --force to overwrite)";

void
fe_init(const char *prog)
{
	fe_prog = prog;
}

/*
 * Messages quote paths and names from the evidence (a file name found in a
 * tree, an error that cites a field): stderr gets their printable form.
 */
static void
vwarn(const char *fmt, va_list ap)
{
	ik_sb msg, out;

	ik_sb_init(&msg);
	ik_sb_init(&out);
	ik_sb_vprintf(&msg, fmt, ap);
	ik_sb_printf(&out, "%s: ", fe_prog);
	ik_sb_puts_safe(&out, msg.s, "");
	ik_sb_puts(&out, "\n");
	if (out.s != NULL)
		fputs(out.s, stderr);
	ik_sb_free(&msg);
	ik_sb_free(&out);
}

void
fe_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
fe_errx(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(code);
}

void
fe_report_error(const char *path, const ik_error *err)
{
	ik_sb sb;

	ik_sb_init(&sb);
	fe_error_sb(&sb, path, err);
	if (sb.s != NULL)
		fputs(sb.s, stderr);
	ik_sb_free(&sb);
}

void
fe_note(int *worst, int code)
{
	if (code > *worst)
		*worst = code;
}

void
fe_version(void)
{
	ik_sb sb;

	ik_sb_init(&sb);
	ik_sb_printf(&sb, "%s (itlkit) %s\n", fe_prog, IK_VERSION);
	ik_versions(&sb);
	fe_sb_out(&sb);
	ik_sb_free(&sb);
}

time_t
fe_parse_at(const char *s)
{
	time_t t;

	if (ik_time_parse(s, &t) != 0)
		fe_errx(FE_EXIT_USAGE,
		    "--at: expected an RFC 3339 time such as 2024-05-01T00:00:00Z or @EPOCH, got '%s'",
		    s);
	return t;
}

long
fe_parse_long(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		fe_errx(FE_EXIT_USAGE, "%s: expected a number from %ld to %ld, got '%s'",
		    opt, min, max, s);
	return v;
}

static int
prompt_secret(const char *prompt, ik_secrets *out)
{
	struct termios old, noecho;
	char buf[1024];
	size_t n = 0;
	ssize_t r;
	char c;
	int fd, rc = -1;
	ik_error err;

	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return -1;
	}
	noecho = old;
	noecho.c_lflag &= (tcflag_t)~(ECHO | ECHONL);
	noecho.c_lflag |= ICANON;
	if (write(fd, prompt, strlen(prompt)) < 0 ||
	    tcsetattr(fd, TCSAFLUSH, &noecho) != 0)
		goto out;
	while ((r = read(fd, &c, 1)) == 1 && c != '\n' && c != '\r')
		if (n < sizeof(buf) - 1)
			buf[n++] = c;
	tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0)
		goto out;
	ik_error_clear(&err);
	if (ik_secrets_parse((const uint8_t *)buf, n, false, out, &err) == IK_OK)
		rc = 0;
out:
	ik_wipe(buf, sizeof(buf));
	close(fd);
	return rc;
}

int
fe_secrets(const char *file, const char *env, bool all_lines,
    const char *prompt, ik_secrets *out)
{
	return fe_secrets_from(file, env, all_lines, prompt,
	    "--password-file", "--password-env", out);
}

int
fe_secrets_from(const char *file, const char *env, bool all_lines,
    const char *prompt, const char *file_opt, const char *env_opt,
    ik_secrets *out)
{
	ik_error err;

	ik_error_clear(&err);
	ik_secrets_init(out);
	if (file != NULL) {
		if (ik_secrets_read_file(file, all_lines, out, &err) != IK_OK) {
			fe_warnx("%s", err.msg);
			return -1;
		}
		return 0;
	}
	if (env != NULL) {
		if (ik_secrets_from_env(env, out, &err) != IK_OK) {
			fe_warnx("%s", err.msg);
			return -1;
		}
		return 0;
	}
	if (isatty(STDIN_FILENO) && prompt_secret(prompt, out) == 0)
		return 0;
	fe_warnx("no password: use %s FILE or %s VAR", file_opt, env_opt);
	return -1;
}

void
fe_json_out(json_t *obj)
{
	if (obj == NULL) {
		fe_warnx("out of memory rendering JSON");
		return;
	}
	static char *buf;
	static size_t cap;
	size_t n;
	char *nb;

	/*
	 * One buffer reused for every line: json_dumpf would call fwrite for
	 * every token, json_dumps would allocate per object.
	 */
	n = json_dumpb(obj, buf, cap, IK_JSON_FLAGS);
	if (n > cap || buf == NULL) {
		nb = realloc(buf, n + 4096);
		if (nb == NULL) {
			fe_warnx("out of memory rendering JSON");
			json_decref(obj);
			return;
		}
		buf = nb;
		cap = n + 4096;
		n = json_dumpb(obj, buf, cap, IK_JSON_FLAGS);
	}
	if (n > 0 && n <= cap) {
		fwrite(buf, 1, n, stdout);
		fputc('\n', stdout);
	}
	json_decref(obj);
}

static json_t *
unreadable_obj(const char *key, const char *path, const ik_error *err)
{
	ik_findings f;
	json_t *o;

	ik_findings_init(&f);
	ik_findings_add(&f, IK_SEV_ERROR, IKF_INPUT_UNREADABLE, NULL, "%s",
	    err->msg);
	o = ik_report_new(fe_prog, key, path, NULL, -1);
	if (o != NULL)
		ik_report_finish(o, "unreadable", &f);
	ik_findings_free(&f);
	return o;
}

void
fe_json_unreadable_sb(ik_sb *sb, const char *key, const char *path,
    const ik_error *err)
{
	fe_json_sb(unreadable_obj(key, path, err), sb);
}

void
fe_json_sb(json_t *obj, ik_sb *sb)
{
	if (obj == NULL) {
		ik_sb_puts(sb, "{\"error\":\"out of memory rendering JSON\"}\n");
		return;
	}
	/* jansson's bytes, written faster (json_write.c). */
	if (ik_json_write(sb, obj) == 0)
		ik_sb_add(sb, "\n", 1);
	json_decref(obj);
}

void
fe_error_hint(ik_sb *sb, const ik_error *err)
{
	if (err->category == IK_ERR_EXISTS && fe_exists_hint != NULL)
		ik_sb_puts(sb, fe_exists_hint);
}

void
fe_error_sb(ik_sb *sb, const char *path, const ik_error *err)
{
	ik_sb_printf(sb, "%s: ", fe_prog);
	ik_sb_puts_safe(sb, path, "-");
	if (err->offset >= 0 && strstr(err->msg, "offset") == NULL)
		ik_sb_printf(sb, ": offset %lld", err->offset);
	ik_sb_puts(sb, ": ");
	ik_sb_puts_safe(sb, err->msg, "");
	fe_error_hint(sb, err);
	ik_sb_puts(sb, "\n");
}

bool fe_report_stderr;

void
fe_sb_out(const ik_sb *sb)
{
	if (sb->s != NULL)
		fwrite(sb->s, 1, sb->len, fe_report_stderr ? stderr : stdout);
}

void
fe_progress_start(fe_progress *p, bool enabled, const char *label,
    unsigned long long total)
{
	p->on = enabled && isatty(STDERR_FILENO);
	p->total = total;
	p->done = 0;
	p->last = 0;
	p->label = label;
}

void
fe_progress_add(fe_progress *p, unsigned long long n)
{
	time_t now;
	unsigned pct;
	char bar[31];
	ik_sb sb;

	p->done += n;
	if (!p->on)
		return;
	now = time(NULL);
	if (now == p->last && p->done < p->total)
		return;
	p->last = now;
	pct = p->total ? (unsigned)(p->done * 100 / p->total) : 0;
	if (pct > 100)
		pct = 100;
	memset(bar, '#', pct * 30 / 100);
	memset(bar + pct * 30 / 100, '.', 30 - pct * 30 / 100);
	bar[30] = '\0';
	/* The label is a backup id, from a file name. */
	ik_sb_init(&sb);
	ik_sb_puts(&sb, "\r");
	ik_sb_puts_safe(&sb, p->label, "");
	ik_sb_printf(&sb, " [%s] %3u%%", bar, pct);
	if (sb.s != NULL)
		fputs(sb.s, stderr);
	ik_sb_free(&sb);
}

void
fe_progress_end(fe_progress *p)
{
	if (p->on)
		fprintf(stderr, "\r%*s\r", 60, "");
	p->on = false;
}
