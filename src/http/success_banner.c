/*
 * success_banner.c — the one-time success banner after a change: the page
 * a change leads to shows the message http_settle left for it (auth/flash.h)
 * and clears it. See exchange.h.
 */
#include <stdlib.h>

#include "auth/flash.h"
#include "http/exchange.h"

/*
 * The success banner a change left for this page (settle sets it): its
 * message on the page as "success_message", and the cookie cleared, so it
 * is shown once. A message not made for this session is dropped.
 */
void http_success_on_page(struct MHD_Connection *conn, struct exchange *ex, const struct user *user)
{
	char sealed[FLASH_SEALED_SIZE];
	if (!http_cookie(conn, FLASH_COOKIE, sealed, sizeof sealed))
		return;
	struct buf message = BUF_INIT;
	if (flash_open(&message, sealed, user->csrf_token) && message.len)
		json_object_set_new(ex->page, "success_message", json_string(buf_cstr(&message)));
	buf_free(&message);
	struct buf clear = BUF_INIT;
	buf_printf(&clear, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s", FLASH_COOKIE,
	           auth_get_settings()->secure_cookies ? "; Secure" : "");
	free(ex->set_cookie);
	ex->set_cookie = buf_steal(&clear, NULL);
}
