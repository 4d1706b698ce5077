/*
 * pdf.c (scrutiny) — turns the annual report's standalone HTML into a PDF
 * with WeasyPrint (Debian's `weasyprint`, made for print CSS: page breaks,
 * running page numbers), run as a child process: no shell (posix_spawn of
 * Debian's /usr/bin/python3 with WeasyPrint's API, so every URL the document names is refused
 * by a fetcher that fetches nothing, not merely left unreached), the HTML
 * from an unlinked temporary file on its standard input, the PDF read from a
 * pipe on its standard output, its messages discarded, and killed when it
 * runs past its time. docs/operations.md says why WeasyPrint.
 *
 * A renderer takes a core and much memory for a few seconds, so only so
 * many run at once (HAVEN_PDF_RENDERS, default 2): a further request waits
 * up to HAVEN_PDF_WAIT_SECONDS (default 5) for one to finish, then is
 * refused HAVEN_ERR_BUSY (the server answers 503 with Retry-After), rather
 * than letting a few impatient clicks take the whole server.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
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

/* How many renderers run at once, and how long a further request waits for one, unless set. */
#define PDF_RENDERS_DEFAULT 2
#define PDF_WAIT_SECONDS_DEFAULT 5

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

static sem_t renderers; /* a renderer's place: taken while one runs */
static long wait_seconds = PDF_WAIT_SECONDS_DEFAULT;
static pthread_once_t renderers_once = PTHREAD_ONCE_INIT;

/* Setting `name` as a whole number in [min, max], else `fallback` (logged when it is set but is not one). */
static long setting(const char *name, long min, long max, long fallback)
{
	const char *text = getenv(name);
	if (!text || !*text)
		return fallback;
	char *end = NULL;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || *end || v < min || v > max) {
		log_error("%s must be a whole number from %ld to %ld; using %ld", name, min, max, fallback);
		return fallback;
	}
	return v;
}

static void renderers_init(void)
{
	long renders = setting("HAVEN_PDF_RENDERS", 1, 64, PDF_RENDERS_DEFAULT);
	wait_seconds = setting("HAVEN_PDF_WAIT_SECONDS", 0, 60, PDF_WAIT_SECONDS_DEFAULT);
	sem_init(&renderers, 0, (unsigned)renders);
}

/* Takes a renderer's place, waiting up to wait_seconds for one; false if none came free. */
static bool take_renderer(void)
{
	pthread_once(&renderers_once, renderers_init);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += wait_seconds;
	int r;
	while ((r = sem_timedwait(&renderers, &until)) != 0 && errno == EINTR)
		;
	return r == 0;
}

static enum haven_status render(const char *html, size_t len, char **out, size_t *out_len);

enum haven_status pdf_from_html(const char *html, size_t len, char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	if (!take_renderer()) {
		log_error("report pdf: every renderer was busy for %ld seconds; the request was refused",
		          wait_seconds);
		return HAVEN_ERR_BUSY;
	}
	enum haven_status st = render(html, len, out, out_len);
	sem_post(&renderers);
	return st;
}

/* The PDF of html[0..len), by one renderer (its place taken by the caller). */
static enum haven_status render(const char *html, size_t len, char **out, size_t *out_len)
{
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
