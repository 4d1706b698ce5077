/*
 * invite.c (passwords) — inviting a person with a link made now
 * (invite.h): the one place a handler's or command's invitation draws its
 * link's token, and wipes it once the account, the link and the email are
 * saved (store_sqlite.c, passwords_invite); and what a page says of the
 * invitation's email, sent or waiting for a mail relay.
 */
#include "areas/passwords/invite.h"

#include <string.h>

#include "areas/mail/sender.h"
#include "auth/session.h"

enum haven_status passwords_invite_now(const struct new_user *u, const struct actor *actor, long long *id)
{
	char token[TOKEN_TEXT_SIZE];
	token_new(token);
	struct new_link link = {token, auth_now()};
	enum haven_status st = passwords_invite(u, actor, &link, id);
	explicit_bzero(token, sizeof token);
	return st;
}

const char *invitation_sent_message(bool administrator)
{
	if (mail_relay_set())
		return INVITATION_SENT;
	return administrator ? INVITATION_WAITING : INVITATION_WAITING_AGENCY;
}

void invitation_mail_model(json_t *model)
{
	json_object_set_new(model, "mail_waits", json_boolean(!mail_relay_set()));
}
