/*
 * test_durable.c — tests writing a file durably (src/core/durable.h): every
 * byte is written (a write larger than a pipe's buffer too), a write that
 * cannot be made answers false, and a folder's names are flushed only for a
 * folder that exists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/durable.h"

static void writes_every_byte(void **state)
{
	(void)state;
	char folder[] = "/tmp/haven-durable-XXXXXX";
	assert_non_null(mkdtemp(folder));
	char path[64];
	snprintf(path, sizeof path, "%s/file", folder);
	size_t len = 3 * 1024 * 1024 + 7;
	char *data = malloc(len);
	for (size_t i = 0; i < len; i++)
		data[i] = (char)(i * 31 + 7);

	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_true(durable_write(fd, data, len));
	assert_int_equal(close(fd), 0);
	assert_true(durable_folder_of(path));
	assert_true(durable_folder(folder));

	char *back = malloc(len + 1);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	ssize_t n;
	while ((n = read(fd, back + got, len + 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	assert_int_equal(got, len);
	assert_memory_equal(back, data, len);

	unlink(path);
	rmdir(folder);
	free(back);
	free(data);
}

static void refuses_what_cannot_be_made(void **state)
{
	(void)state;
	/* a file opened for reading cannot be written */
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_false(durable_write(fd, "x", 1));
	close(fd);
	/* a folder that is not there */
	assert_false(durable_folder("/tmp/haven-durable-no-such-folder/x"));
	assert_false(durable_folder_of("/tmp/haven-durable-no-such-folder/file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(writes_every_byte),
	    cmocka_unit_test(refuses_what_cannot_be_made),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
