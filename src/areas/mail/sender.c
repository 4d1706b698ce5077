/*
 * sender.c (mail) — delivers the outbox through an SMTP relay with libcurl.
 *
 * One thread. Each round it reads up to a batch of due rows (status queued,
 * next_attempt_at <= now), sends each as its own SMTP transaction, and
 * records the result with db_write: sent, or a retry after
 * mail_backoff_seconds(attempts), or failed after MAIL_MAX_ATTEMPTS. Then it
 * sleeps for a second or until mail_enqueue wakes it. The logs carry counts,
 * outbox ids, kinds (the email template's name) and SMTP/curl codes only —
 * never an address, subject or body.
 *
 * Settings (environment, read once at start):
 *   HAVEN_SMTP_URL       smtp://host:port or smtps://host:port (unset: mail stays queued)
 *   HAVEN_SMTP_FROM      the envelope and From: address (required with the URL)
 *   HAVEN_SMTP_USER, HAVEN_SMTP_PASSWORD   optional SMTP AUTH
 *   HAVEN_SMTP_STARTTLS  "required" to refuse a smtp:// relay that cannot do
 *                        STARTTLS; default "try" (use it when offered)
 */
#include "areas/mail/sender.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "areas/mail/mail.h"
#include "areas/mail/store.h"
#include "core/buf.h"
#include "core/log.h"

#define BATCH 16
/* Seconds: connecting, and a whole message. */
#define CONNECT_TIMEOUT 10L
#define TRANSFER_TIMEOUT 60L

static struct {
	const char *url;
	const char *from;
	const char *user;
	const char *password;
	bool starttls_required;
} settings;

static pthread_t thread;
static bool running;
static atomic_bool stopping;
static pthread_mutex_t wake_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cond;
static bool woken;

void mail_sender_wake(void)
{
	pthread_mutex_lock(&wake_mutex);
	woken = true;
	if (running)
		pthread_cond_signal(&wake_cond);
	pthread_mutex_unlock(&wake_mutex);
}

/* Waits up to a second, or until woken or stopping. */
static void wait_a_second(void)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += 1;
	pthread_mutex_lock(&wake_mutex);
	while (!woken && !atomic_load(&stopping))
		if (pthread_cond_timedwait(&wake_cond, &wake_mutex, &until) != 0)
			break;
	woken = false;
	pthread_mutex_unlock(&wake_mutex);
}

static void base64(struct buf *out, const unsigned char *p, size_t n)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		buf_append_char(out, alphabet[(v >> 18) & 63]);
		buf_append_char(out, alphabet[(v >> 12) & 63]);
		buf_append_char(out, i + 1 < n ? alphabet[(v >> 6) & 63] : '=');
		buf_append_char(out, i + 2 < n ? alphabet[v & 63] : '=');
	}
}

/* "Subject: ..." — as is when ASCII, else RFC 2047 encoded words of whole UTF-8 characters. */
static void subject_header(struct buf *out, const char *subject)
{
	bool ascii = true;
	for (const char *p = subject; *p; p++)
		if ((unsigned char)*p >= 0x80)
			ascii = false;
	buf_append_str(out, "Subject: ");
	if (ascii) {
		buf_append_str(out, subject);
		return;
	}
	/* encoded words of at most 45 octets of text (60 of base64), split between characters */
	const unsigned char *p = (const unsigned char *)subject;
	size_t len = strlen(subject), i = 0;
	bool first = true;
	while (i < len) {
		size_t n = len - i > 45 ? 45 : len - i;
		while (i + n < len && (p[i + n] & 0xc0) == 0x80)
			n--;
		if (!first)
			buf_append_str(out, "\r\n ");
		buf_append_str(out, "=?UTF-8?B?");
		base64(out, p + i, n);
		buf_append_str(out, "?=");
		i += n;
		first = false;
	}
}

static int progress(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)clientp, (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return atomic_load(&stopping) ? 1 : 0; /* nonzero aborts the transfer */
}

/* The domain of the From address, for Message-ID. */
static const char *from_domain(void)
{
	const char *at = strrchr(settings.from, '@');
	return at && at[1] ? at + 1 : "haven.invalid";
}

/*
 * Sends one email. True if the relay accepted it; else `error` says why in
 * codes only ("curl 7", "smtp 451 (curl 55)").
 */
static bool send_one(const struct mail_row *row, char *error, size_t error_size)
{
	CURL *curl = curl_easy_init();
	if (!curl) {
		snprintf(error, error_size, "curl init");
		return false;
	}
	struct curl_slist *rcpt = curl_slist_append(NULL, row->to);
	struct curl_slist *headers = NULL;
	struct buf h = BUF_INIT;
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "Date: %a, %d %b %Y %H:%M:%S +0000", &tm);
	headers = curl_slist_append(headers, date);
	buf_printf(&h, "From: Haven <%s>", settings.from);
	headers = curl_slist_append(headers, buf_cstr(&h));
	buf_reset(&h);
	buf_printf(&h, "To: <%s>", row->to);
	headers = curl_slist_append(headers, buf_cstr(&h));
	buf_reset(&h);
	subject_header(&h, row->subject);
	headers = curl_slist_append(headers, buf_cstr(&h));
	buf_reset(&h);
	/* unique per message and attempt-independent, so a resend after a lost reply is recognisable */
	buf_printf(&h, "Message-ID: <haven-outbox-%lld@%s>", (long long)row->id, from_domain());
	headers = curl_slist_append(headers, buf_cstr(&h));
	buf_free(&h);
	headers = curl_slist_append(headers, "Auto-Submitted: auto-generated");

	curl_mime *mime = curl_mime_init(curl);
	curl_mimepart *part = curl_mime_addpart(mime);
	curl_mime_data(part, row->body_text, CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/plain; charset=UTF-8");
	curl_mime_encoder(part, "quoted-printable");
	if (row->attachment) {
		part = curl_mime_addpart(mime);
		curl_mime_data(part, row->attachment, row->attachment_len);
		curl_mime_type(part, row->attachment_type);
		curl_mime_filename(part, row->attachment_name);
		curl_mime_encoder(part, "base64");
	}

	curl_easy_setopt(curl, CURLOPT_URL, settings.url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, settings.from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);
	curl_easy_setopt(curl, CURLOPT_USE_SSL,
	                 settings.starttls_required ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	if (settings.user) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, settings.user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.password ? settings.password : "");
	}
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, TRANSFER_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");

	CURLcode rc = curl_easy_perform(curl);
	long smtp = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &smtp);
	if (rc != CURLE_OK) {
		if (smtp > 0)
			snprintf(error, error_size, "smtp %ld (curl %d)", smtp, (int)rc);
		else
			snprintf(error, error_size, "curl %d", (int)rc);
	}
	curl_easy_cleanup(curl);
	curl_mime_free(mime);
	curl_slist_free_all(headers);
	curl_slist_free_all(rcpt);
	return rc == CURLE_OK;
}

static void log_round(size_t sent, size_t retried, size_t failed)
{
	log_json(json_pack("{s:s, s:s, s:I, s:I, s:I}", "level", "info", "event", "mail", "sent",
	                   (json_int_t)sent, "retry", (json_int_t)retried, "failed", (json_int_t)failed));
}

static void *run(void *arg)
{
	(void)arg;
	struct mail_row rows[BATCH];
	bool db_error_logged = false;
	while (!atomic_load(&stopping)) {
		size_t count = 0;
		enum haven_status st = mail_store_due((int64_t)time(NULL), rows, BATCH, &count);
		if (st != HAVEN_OK) {
			if (!db_error_logged)
				log_error("mail: cannot read the outbox (%s); will keep trying",
				          haven_status_name(st));
			db_error_logged = true;
			wait_a_second();
			continue;
		}
		db_error_logged = false;
		size_t sent = 0, retried = 0, failed = 0;
		for (size_t i = 0; i < count; i++) {
			if (atomic_load(&stopping)) /* the rest stay queued for next time */
				break;
			char error[64] = "";
			int64_t now = (int64_t)time(NULL);
			if (send_one(&rows[i], error, sizeof error)) {
				if (mail_store_sent(rows[i].id, now) == HAVEN_OK)
					sent++;
				else /* it went; recording that failed, so it may go twice (Message-ID is the
				        same) */
					log_error("mail: outbox %lld sent but not marked sent",
					          (long long)rows[i].id);
			} else if (atomic_load(&stopping)) {
				break; /* abandoned by stop, not the relay's fault: not counted as an attempt
				        */
			} else {
				int gave_up = 0;
				int attempts = rows[i].attempts + 1;
				if (mail_store_retry(rows[i].id, attempts, now, error, &gave_up) !=
				    HAVEN_OK) {
					log_error("mail: cannot record a failed attempt for outbox %lld",
					          (long long)rows[i].id);
				} else {
					/* the kind names the template, never who it was to */
					log_json(
					    json_pack("{s:s, s:s, s:I, s:s?, s:i, s:s, s:I}", "level",
					              gave_up ? "error" : "info", "event",
					              gave_up ? "mail_failed" : "mail_retry", "outbox_id",
					              (json_int_t)rows[i].id, "kind", rows[i].kind,
					              "attempts", attempts, "error", error, "retry_in_s",
					              gave_up ? (json_int_t)0
					                      : (json_int_t)mail_backoff_seconds(attempts)));
					if (gave_up)
						failed++;
					else
						retried++;
				}
			}
		}
		for (size_t i = 0; i < count; i++)
			mail_row_free(&rows[i]);
		if (sent || retried || failed)
			log_round(sent, retried, failed);
		if (count < BATCH || retried || failed) /* a full batch of successes: look again at once */
			wait_a_second();
	}
	return NULL;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

bool mail_relay_set(void)
{
	return env("HAVEN_SMTP_URL") != NULL;
}

enum haven_status mail_sender_start(void)
{
	settings.url = env("HAVEN_SMTP_URL");
	if (!mail_relay_set()) {
		log_info("mail: HAVEN_SMTP_URL is not set, so email stays queued in the outbox");
		return HAVEN_OK;
	}
	settings.from = env("HAVEN_SMTP_FROM");
	settings.user = env("HAVEN_SMTP_USER");
	settings.password = env("HAVEN_SMTP_PASSWORD");
	const char *tls = env("HAVEN_SMTP_STARTTLS");
	settings.starttls_required = tls && strcmp(tls, "required") == 0;
	if (strncmp(settings.url, "smtp://", 7) != 0 && strncmp(settings.url, "smtps://", 8) != 0) {
		log_error("mail: HAVEN_SMTP_URL must start smtp:// or smtps://");
		return HAVEN_ERR_INVALID;
	}
	if (!settings.from || !strchr(settings.from, '@') || strpbrk(settings.from, "\r\n<> ")) {
		log_error("mail: HAVEN_SMTP_FROM must be set to the address Haven sends from");
		return HAVEN_ERR_INVALID;
	}
	if (tls && strcmp(tls, "required") != 0 && strcmp(tls, "try") != 0) {
		log_error("mail: HAVEN_SMTP_STARTTLS must be 'required' or 'try'");
		return HAVEN_ERR_INVALID;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_error("mail: cannot initialise libcurl");
		return HAVEN_ERR_INTERNAL;
	}
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&wake_cond, &attr);
	pthread_condattr_destroy(&attr);
	atomic_store(&stopping, false);
	if (pthread_create(&thread, NULL, run, NULL) != 0) {
		log_error("mail: cannot start the sender thread");
		pthread_cond_destroy(&wake_cond);
		curl_global_cleanup();
		return HAVEN_ERR_INTERNAL;
	}
	pthread_mutex_lock(&wake_mutex);
	running = true;
	pthread_mutex_unlock(&wake_mutex);
	log_info("mail: sending through the configured SMTP relay");
	return HAVEN_OK;
}

void mail_sender_stop(void)
{
	pthread_mutex_lock(&wake_mutex);
	bool was_running = running;
	running = false;
	atomic_store(&stopping, true);
	if (was_running)
		pthread_cond_signal(&wake_cond);
	pthread_mutex_unlock(&wake_mutex);
	if (!was_running)
		return;
	pthread_join(thread, NULL);
	pthread_cond_destroy(&wake_cond);
	curl_global_cleanup();
}
