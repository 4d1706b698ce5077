/*
 * page_model.h — what the server adds to every page's model before it is
 * drawn (the API's JSON gets none of it). Used by http/server.c.
 */
#ifndef HAVEN_HTTP_PAGE_MODEL_H
#define HAVEN_HTTP_PAGE_MODEL_H

#include <jansson.h>
#include <stdbool.h>

#include "core/calendar.h"

#include "auth/user.h"

/* When the session ends if unused, and the seconds left, on the signed-in person's part of a page. */
void page_model_session_end(json_t *current_user, const struct user *user);

/* The header navigation's current section, from the route's pattern. */
void page_model_nav(json_t *page, const char *pattern);

/*
 * A kept form's fields on its page's model: `typed` (what was typed, as
 * http_kept_form_read gives it) as errors_on_page puts what was typed after
 * an error, a list's every value, with no error to summarise.
 */
void page_model_kept_fields(json_t *model, const json_t *typed);

/*
 * The boxes of each date input (the router's date fields, `date_fields`) a
 * page may draw: what was typed, the date sent whole, or the record's own.
 */
void page_model_date_inputs(json_t *model, const json_t *submitted, const json_t *date_fields);

#endif
