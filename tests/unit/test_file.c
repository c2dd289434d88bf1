/*
 * test_file.c: evidence opening (file.c) and output writing (output.c):
 * non-regular inputs refused without blocking, bounded standard input,
 * outputs never over an input or (without force) an existing file, the
 * no-replace rename, temporary files removed on a write error (file-size
 * limit) and on a fatal signal; password sources (BOM, CR LF, UTF-16,
 * the environment) and the new cluster password rule.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "ik_base.h"
#include "ik_drs.h"
#include "ik_secret.h"

static char dir[] = "/tmp/ik-file-XXXXXX";

static void
setup(void)
{
	strcpy(dir, "/tmp/ik-file-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	ik_evidence_forget_all();
}

static void
put(const char *name, const char *text)
{
	char p[128];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static char *
at(const char *name)
{
	static char p[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

/* Entries of dir whose name starts with ".ik-tmp-". */
static int
tmp_left(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, ".ik-tmp-", 8) == 0;
	closedir(d);
	return n;
}

START_TEST(fifo_and_devices_refused_at_once)
{
	struct stat st;
	ik_error err;
	uint8_t *buf;
	size_t len;

	/* No writer: a blocking open would never return. */
	ck_assert_int_eq(mkfifo(at("fifo"), 0600), 0);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_open_evidence(AT_FDCWD, at("fifo"), &st, &err), -1);
	ck_assert_str_eq(err.msg, "is a FIFO, not a regular file");
	ck_assert_int_eq(ik_read_file(at("fifo"), 100, &buf, &len, &err),
	    IK_FATAL);
	ck_assert_str_eq(err.msg, "is a FIFO, not a regular file");
	ck_assert_int_eq(ik_read_file("/dev/zero", 100, &buf, &len, &err),
	    IK_FATAL);
	ck_assert_str_eq(err.msg, "is a character device, not a regular file");
	ck_assert_int_eq(ik_read_file(dir, 100, &buf, &len, &err), IK_FATAL);
	ck_assert_str_eq(err.msg, "is a directory, not a regular file");
	/* A regular file opens, and in blocking mode again. */
	put("plain", "abc");
	ck_assert_int_eq(ik_read_file(at("plain"), 100, &buf, &len, &err),
	    IK_OK);
	ck_assert_uint_eq(len, 3);
	free(buf);
}
END_TEST

START_TEST(stdin_is_bounded)
{
	ik_error err;
	uint8_t *buf;
	size_t len;
	int fd;

	/* 64 bytes on standard input, a 50-byte limit: refused after 51. */
	put("big", "0123456789012345678901234567890123456789012345678901234567890123");
	fd = open(at("big"), O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_read_file("-", 50, &buf, &len, &err), IK_FAILED);
	ck_assert_str_eq(err.msg, "input is over the 50-byte limit");
	ck_assert_int_eq(lseek(STDIN_FILENO, 0, SEEK_CUR), 51);
	lseek(STDIN_FILENO, 0, SEEK_SET);
	ck_assert_int_eq(ik_read_file("-", 64, &buf, &len, &err), IK_OK);
	ck_assert_uint_eq(len, 64);
	free(buf);
}
END_TEST

START_TEST(no_replace_rename)
{
	ik_error err;
	uint8_t *buf;
	size_t len;
	int round;

	/* Both the renameat2 path and the link fallback: a file that
	 * appeared at the target after any earlier check stays as it is. */
	for (round = 0; round < 2; round++) {
		put("from", "new");
		put("to", "racer");
		errno = 0;
		ck_assert_int_eq(round == 0 ?
		    ik_rename_noreplace(AT_FDCWD, at("from"), AT_FDCWD, at("to")) :
		    ik_rename_noreplace_link(AT_FDCWD, at("from"), AT_FDCWD,
		    at("to")), -1);
		ck_assert_int_eq(errno, EEXIST);
		ik_error_clear(&err);
		ck_assert_int_eq(ik_read_file(at("to"), 10, &buf, &len, &err),
		    IK_OK);
		ck_assert_mem_eq(buf, "racer", 5);
		free(buf);
		ck_assert_int_eq(access(at("from"), F_OK), 0);
		unlink(at("to"));
		ck_assert_int_eq(round == 0 ?
		    ik_rename_noreplace(AT_FDCWD, at("from"), AT_FDCWD, at("to")) :
		    ik_rename_noreplace_link(AT_FDCWD, at("from"), AT_FDCWD,
		    at("to")), 0);
		ck_assert_int_eq(access(at("from"), F_OK), -1);
		ck_assert_int_eq(access(at("to"), F_OK), 0);
		unlink(at("to"));
		ik_evidence_forget_all();
	}
}
END_TEST

START_TEST(commit_never_replaces)
{
	char tmp[256];
	ik_error err;
	int fd, slot;

	/* The racer's file arrives after ik_tmp_create: commit refuses. */
	ik_error_clear(&err);
	fd = ik_tmp_create(AT_FDCWD, dir, 0600, tmp, sizeof(tmp), &slot, &err);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "new", 3), 3);
	close(fd);
	put("out", "racer");
	ck_assert_int_eq(ik_tmp_commit(AT_FDCWD, tmp, slot, AT_FDCWD,
	    at("out"), false, &err), IK_FATAL);
	/* The library names no option: the category says a tool's --force
	 * would change it. */
	/* Nor the path: the caller says it first ("out: exists"). */
	ck_assert_str_eq(err.msg, "exists");
	ck_assert(strstr(err.msg, "--force") == NULL);
	ck_assert_int_eq(err.category, IK_ERR_EXISTS);
	ck_assert_int_eq(tmp_left(), 0);
}
END_TEST

START_TEST(outputs_never_replace_inputs)
{
	struct stat st;
	ik_error err;
	uint8_t *buf;
	size_t len;

	put("evidence.tlv", "original");
	ik_error_clear(&err);
	ck_assert_int_eq(ik_read_file(at("evidence.tlv"), 100, &buf, &len,
	    &err), IK_OK);
	free(buf);
	/* By name, by hard link and through a symbolic link, even with force. */
	ck_assert_int_eq(link(at("evidence.tlv"), at("hard")), 0);
	ck_assert_int_eq(symlink(at("evidence.tlv"), at("soft")), 0);
	ck_assert_int_eq(ik_write_file_atomic(at("evidence.tlv"), "x", 1,
	    0644, true, &err), IK_FATAL);
	ck_assert(strstr(err.msg, "is one of the inputs") != NULL);
	ck_assert_int_eq(ik_write_file_atomic(at("hard"), "x", 1, 0644, true,
	    &err), IK_FATAL);
	ck_assert_int_eq(ik_write_file_atomic(at("soft"), "x", 1, 0644, true,
	    &err), IK_FATAL);
	ck_assert_int_eq(stat(at("evidence.tlv"), &st), 0);
	ck_assert_int_eq(st.st_size, 8);
	/* ik_evidence_protect covers an input not opened yet. */
	put("later", "later");
	ck_assert_int_eq(ik_evidence_protect(at("later")), 0);
	ck_assert_int_eq(ik_write_file_atomic(at("later"), "x", 1, 0644, true,
	    &err), IK_FATAL);
	/* Another file is written, and replaced with force. */
	ck_assert_int_eq(ik_write_file_atomic(at("new"), "x", 1, 0600, false,
	    &err), IK_OK);
	ck_assert_int_eq(ik_write_file_atomic(at("new"), "yy", 2, 0600, true,
	    &err), IK_OK);
	ck_assert_int_eq(stat(at("new"), &st), 0);
	ck_assert_int_eq(st.st_size, 2);
	ck_assert_int_eq(tmp_left(), 0);
}
END_TEST

/*
 * Many inputs: each stays known until forgotten, and forgetting some
 * (which moves others in the set) loses none of the rest.
 */
START_TEST(evidence_set_of_many)
{
	char name[32];
	int i, round;

	for (i = 0; i < 600; i++) {
		snprintf(name, sizeof(name), "in%d", i);
		put(name, "x");
		ck_assert_int_eq(ik_evidence_protect(at(name)), 0);
		/* Twice is once. */
		ck_assert_int_eq(ik_evidence_protect(at(name)), 0);
	}
	put("other", "x");
	ck_assert(!ik_is_evidence(AT_FDCWD, at("other")));
	for (round = 0; round < 2; round++) {
		for (i = round; i < 600; i += 3) {
			snprintf(name, sizeof(name), "in%d", i);
			ik_evidence_forget(at(name));
		}
		for (i = 0; i < 600; i++) {
			snprintf(name, sizeof(name), "in%d", i);
			ck_assert_msg(ik_is_evidence(AT_FDCWD, at(name)) ==
			    (i % 3 > round), "%s", name);
		}
	}
	for (i = 0; i < 600; i++) {
		snprintf(name, sizeof(name), "in%d", i);
		ck_assert_int_eq(ik_evidence_protect(at(name)), 0);
	}
	for (i = 0; i < 600; i++) {
		snprintf(name, sizeof(name), "in%d", i);
		ck_assert(ik_is_evidence(AT_FDCWD, at(name)));
	}
	ck_assert(!ik_is_evidence(AT_FDCWD, at("other")));
}
END_TEST

START_TEST(file_size_limit_is_a_write_error)
{
	static char data[8192];
	struct rlimit rl = { 4096, 4096 };
	ik_error err;
	pid_t pid;
	int status, code;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* Without SIGXFSZ ignored the child would die of it. */
		setrlimit(RLIMIT_FSIZE, &rl);
		ik_error_clear(&err);
		code = ik_write_file_atomic(at("key.pem"), data, sizeof(data),
		    0600, false, &err) != IK_FATAL ? 3 :
		    strstr(err.msg, "File too large") == NULL ? 4 : 0;
		_exit(code);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "child killed by signal %d",
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_int_eq(tmp_left(), 0);
	ck_assert_int_eq(access(at("key.pem"), F_OK), -1);
}
END_TEST

START_TEST(fatal_signal_removes_temporary_files)
{
	static const int sigs[] = { SIGTERM, SIGINT };
	char tmp[256];
	ik_error err;
	pid_t pid;
	int status, fd, slot, i;

	for (i = 0; i < 2; i++) {
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			/* Check's runner forwards these signals to the test's
			 * group; the library installs its handler only over
			 * the default action (a tool's state at start). */
			signal(sigs[i], SIG_DFL);
			ik_error_clear(&err);
			fd = ik_tmp_create(AT_FDCWD, dir, 0600, tmp, sizeof(tmp),
			    &slot, &err);
			if (fd < 0 || write(fd, "secret", 6) != 6 ||
			    access(tmp, F_OK) != 0)
				_exit(3);
			kill(getpid(), sigs[i]);
			_exit(4);	/* not reached: the signal kills */
		}
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i],
		    "child status %#x", status);
		ck_assert_int_eq(tmp_left(), 0);
	}
}
END_TEST

START_TEST(password_sources_read_alike)
{
	static const char bom_crlf[] = "\xef\xbb\xbfNew#Pass-2\r\nsecond\r\n";
	static const char utf16[] = "\xff\xfeN\0e\0w\0";
	ik_secrets s;
	ik_error err;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_secrets_parse((const uint8_t *)bom_crlf,
	    sizeof(bom_crlf) - 1, false, &s, &err), IK_OK);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_uint_eq(s.v[0].len, 10);
	ck_assert_str_eq(s.v[0].s, "New#Pass-2");
	ik_secrets_free(&s);
	ck_assert_int_eq(ik_secrets_parse((const uint8_t *)bom_crlf,
	    sizeof(bom_crlf) - 1, true, &s, &err), IK_OK);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.v[0].s, "New#Pass-2");
	ck_assert_str_eq(s.v[1].s, "second");
	ik_secrets_free(&s);
	ck_assert_int_eq(ik_secrets_parse((const uint8_t *)utf16,
	    sizeof(utf16) - 1, false, &s, &err), IK_FATAL);
	ck_assert(strstr(err.msg, "UTF-16") != NULL);
}
END_TEST

START_TEST(password_env_wiped)
{
	ik_secrets s;
	ik_error err;
	char *v;

	/* The value is copied, then its bytes in the environment are zeroed
	 * (the /proc/PID/environ check runs in tests/cli/scripts). */
	ck_assert_int_eq(setenv("IK_TEST_PW", "Hunter#22", 1), 0);
	v = getenv("IK_TEST_PW");
	ik_error_clear(&err);
	ck_assert_int_eq(ik_secrets_from_env("IK_TEST_PW", &s, &err), IK_OK);
	ck_assert_str_eq(s.v[0].s, "Hunter#22");
	ck_assert_ptr_null(getenv("IK_TEST_PW"));
	ck_assert_int_eq(v[0], '\0');
	ck_assert_int_eq(v[8], '\0');
	ik_secrets_free(&s);
}
END_TEST

START_TEST(new_cluster_password_rule)
{
	ik_error err;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_drs_new_password_check("New#Cluster-Pass2", 17,
	    &err), IK_OK);
	ck_assert_int_eq(ik_drs_new_password_check("abcdef", 6, &err), IK_OK);
	ck_assert_int_eq(ik_drs_new_password_check(
	    "abcdefghijklmnopqrstuvwxyz01234", 31, &err), IK_OK);
	ck_assert_int_eq(ik_drs_new_password_check("abcde", 5, &err),
	    IK_FATAL);
	ck_assert(strstr(err.msg, "CUCM accepts 6 to 31") != NULL);
	ck_assert_int_eq(ik_drs_new_password_check(
	    "abcdefghijklmnopqrstuvwxyz012345", 32, &err), IK_FATAL);
	ck_assert_int_eq(ik_drs_new_password_check("\xef\xbb\xbfPass-1", 9,
	    &err), IK_FATAL);
	ck_assert_str_eq(err.msg, "the new cluster security password holds a non-ASCII byte (position 1)");
	ck_assert_int_eq(ik_drs_new_password_check("Pass\t-1", 7, &err),
	    IK_FATAL);
	ck_assert(strstr(err.msg, "control character (position 5)") != NULL);
}
END_TEST

Suite *suite_file(void);

Suite *
suite_file(void)
{
	Suite *s = suite_create("file");
	TCase *tc = tcase_create("file");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fifo_and_devices_refused_at_once);
	tcase_add_test(tc, stdin_is_bounded);
	tcase_add_test(tc, no_replace_rename);
	tcase_add_test(tc, commit_never_replaces);
	tcase_add_test(tc, outputs_never_replace_inputs);
	tcase_add_test(tc, evidence_set_of_many);
	tcase_add_test(tc, file_size_limit_is_a_write_error);
	tcase_add_test(tc, fatal_signal_removes_temporary_files);
	tcase_add_test(tc, password_sources_read_alike);
	tcase_add_test(tc, password_env_wiped);
	tcase_add_test(tc, new_cluster_password_rule);
	suite_add_tcase(s, tc);
	return s;
}
