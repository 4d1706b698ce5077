/*
 * pdf.c (scrutiny) — turns the annual report's standalone HTML into a PDF
 * with WeasyPrint (Debian's `weasyprint`, made for print CSS: page breaks,
 * running page numbers), run as a child process: no shell (posix_spawn of
 * Debian's /usr/bin/python3 with WeasyPrint's API, so every URL the document names is refused
 * by a fetcher that fetches nothing, not merely left unreached), the HTML
 * from an unlinked temporary file on its standard input, the PDF read from a
 * pipe on its standard output, its messages discarded, and killed when it
 * runs past its time. docs/operations.md says why WeasyPrint.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "areas/scrutiny/pdf.h"
#include "core/buf.h"
#include "core/log.h"

/* Debian's Python, where Debian's weasyprint package puts its module (not another python3 on PATH). */
#define PDF_PYTHON "/usr/bin/python3"
/* The longest a report may take to render before its renderer is killed. */
#define PDF_TIME_LIMIT_MS 60000
/* The most a PDF may hold: far more than a year's report, far less than the server's memory. */
#define PDF_MAX_BYTES (64u * 1024 * 1024)

/* WeasyPrint's own API: HTML on stdin, PDF on stdout, every URL refused (the report names none). */
static const char renderer_script[] =
    "import sys, weasyprint\n"
    "def refuse(url, *args, **kwargs):\n"
    "    raise ValueError('the report fetches nothing')\n"
    "weasyprint.HTML(file_obj=sys.stdin.buffer, url_fetcher=refuse).write_pdf(sys.stdout.buffer)\n";

/* An unlinked temporary file holding `html`, positioned at its start: its descriptor, or -1. */
static int html_file(const char *html, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/haven-report-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return -1;
	unlink(path);
	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, html + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Reads the child's output from `fd` into `out` until it closes or the deadline passes; false on either
 * failure. */
static bool read_until(int fd, long long deadline, struct buf *out)
{
	char chunk[65536];
	for (;;) {
		long long left = deadline - now_ms();
		if (left <= 0)
			return false;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int ready = poll(&p, 1, (int)left);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0)
			return false;
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0)
			return true;
		if (out->len + (size_t)n > PDF_MAX_BYTES)
			return false;
		buf_append(out, chunk, (size_t)n);
	}
}

enum haven_status pdf_from_html(const char *html, size_t len, char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	int input = html_file(html, len);
	if (input < 0) {
		log_error("report pdf: cannot write the HTML to a temporary file: %s", strerror(errno));
		return HAVEN_ERR_IO;
	}
	int pipe_fds[2];
	if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
		close(input);
		return HAVEN_ERR_IO;
	}
	posix_spawn_file_actions_t actions;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	/* only what it needs from the environment: no proxies, no credentials of the server's */
	char *const argv[] = {PDF_PYTHON, "-c", (char *)renderer_script, NULL};
	char *const envp[] = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/tmp", NULL};
	pid_t pid = 0;
	int spawned = posix_spawn(&pid, PDF_PYTHON, &actions, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&actions);
	close(input);
	close(pipe_fds[1]);
	if (spawned != 0) {
		close(pipe_fds[0]);
		log_error("report pdf: cannot start %s: %s", PDF_PYTHON, strerror(spawned));
		return HAVEN_ERR_IO;
	}
	struct buf pdf = BUF_INIT;
	bool read_all = read_until(pipe_fds[0], now_ms() + PDF_TIME_LIMIT_MS, &pdf);
	close(pipe_fds[0]);
	if (!read_all)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	bool made = read_all && WIFEXITED(status) && WEXITSTATUS(status) == 0 && pdf.len > 4 &&
	            memcmp(pdf.data, "%PDF", 4) == 0;
	if (!made) {
		log_error("report pdf: the renderer %s",
		          !read_all ? "ran too long or wrote too much, and was stopped"
		                    : "failed (is Debian's weasyprint installed?)");
		buf_free(&pdf);
		return HAVEN_ERR_IO;
	}
	*out = buf_steal(&pdf, out_len);
	return HAVEN_OK;
}
