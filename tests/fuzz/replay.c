/*
 * replay.c: a plain driver that feeds every file of a corpus directory to
 * a fuzz target's LLVMFuzzerTestOneInput, so that `make check` (and its
 * sanitizer run) replays the corpora without libFuzzer.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (f == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	struct dirent *de;
	char path[4096];
	DIR *d;
	int i, count = 0;

	for (i = 1; i < argc; i++) {
		d = opendir(argv[i]);
		if (d == NULL) {
			if (replay_file(argv[i]) == 0)
				count++;
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
			if (replay_file(path) == 0)
				count++;
		}
		closedir(d);
	}
	printf("replayed %d inputs: %s\n", count, argc > 1 ? argv[1] : "");
	return 0;
}
