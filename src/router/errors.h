/*
 * errors.h — one way to tell someone what is wrong with what they sent.
 *
 * Errors are a JSON array of {"field", "message"}. The server uses these
 * functions for its own validation errors, and handlers use them for the
 * errors only they can find (an email already taken, dates out of order),
 * so both kinds look the same: problem+json (RFC 9457) for the API, and the
 * GOV.UK pattern on pages (an error summary, each message by its field).
 */
#ifndef HAVEN_ROUTER_ERRORS_H
#define HAVEN_ROUTER_ERRORS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdarg.h>

#include "router/request.h"

/* Appends {field, message} to `errors`, the field cut to ERRORS_FIELD_MOST bytes. */
void errors_add(json_t *errors, const char *field, const char *message);

/* The most bytes a message made by errors_addf holds (with its NUL). */
#define ERRORS_MESSAGE_SIZE 600

/*
 * The most bytes of an error's field kept (so of its problem+json "pointer",
 * "#/" and the field), cut at a character boundary as a message is: no field
 * Haven names is longer, and an unknown one sent 100,000 characters long is
 * not sent back whole. Its message quotes it cut the same way.
 */
#define ERRORS_FIELD_MOST 100

/*
 * Appends {field, message}, the message made from `fmt` like printf. A
 * message is a sentence, so its first letter is made a capital (a label
 * written as it reads mid-sentence, "the type of agency", may begin one).
 * A message longer than ERRORS_MESSAGE_SIZE - 1 bytes is cut at a
 * character boundary, so it stays valid text and keeps its field. A value
 * quoted in a message is cut the same way: "\"%.*s\"" with
 * (int)utf8_cut_length(value, 100), never "%.100s", which can cut a
 * character in half and lose the whole error.
 */
void errors_addf(json_t *errors, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* errors_addf for a function that takes its own arguments and passes them on. */
void errors_vaddf(json_t *errors, const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/*
 * errors_addf for one item of a batch (rows of a file, accounts or agencies
 * added together): appends {index, field, message}, `index` the item's place
 * in the batch, the message made, cut and capitalised as errors_addf's.
 */
void errors_add_itemf(json_t *errors, size_t index, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * errors_add for one entry of a list field (a child's record number among
 * several): appends {field, item, message}, `item` the entry's place in the
 * list the handler was given (from 0), so a page shown again links the
 * error to that entry's box (fields_entry_id). The message is kept as it is
 * (one may begin with the email it is about).
 */
void errors_add_entry(json_t *errors, const char *field, size_t item, const char *message);

/*
 * The message errors_vaddf would add, written into `message`: cut at a
 * character boundary to ERRORS_MESSAGE_SIZE - 1 bytes, its first letter made
 * a capital. For a caller that puts words of its own before it (see
 * check_errors_add) and so must capitalise before they are added.
 */
void errors_message_vformat(char message[ERRORS_MESSAGE_SIZE + 1], const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/*
 * Whether a refusal's `errors` (borrowed) name what was wrong: a unit of work
 * refused (HAVEN_ERR_INVALID or HAVEN_ERR_CONFLICT) with none is a fault,
 * logged as `what`'s, which the caller answers as a server error
 * (HAVEN_ERR_INTERNAL), never as a success (the API's "unchanged" would tell
 * a sender its records were taken) nor as a form shown again with nothing
 * said (nothing was saved).
 */
bool errors_explain_refusal(const json_t *errors, const char *what);

/* The short title for an HTTP error status ("Bad request", "Page not found", ...). Static. */
const char *errors_status_title(unsigned status);

/*
 * A new problem+json body: {type, title, status, detail?, errors?} with each
 * error as {field, detail, pointer}. `detail` and `errors` may be NULL;
 * `errors` is borrowed.
 */
json_t *errors_problem(unsigned status, const char *detail, const json_t *errors);

/*
 * Puts `errors` (borrowed) on a page's model the GOV.UK way: "errors",
 * "has_errors", "error_for.FIELD" (the first message of each field). With
 * `typed` (an object of what was typed; may be NULL) also "submitted.NAME"
 * (as text; a list's entries one to a line) and "chosen.NAME.VALUE" (to
 * re-check radios, options and each of a list's checkboxes).
 *
 * An error about one entry of a list ("item") links to that entry's box
 * (its "anchor", fields_entry_id). A list of boxes on the model (an array
 * directly under it of objects with "input_id", as fields_list_boxes makes)
 * shows each such error at its box: the box gets "error" (its first
 * message), and the error is left out of "error_for" so it is not said
 * twice; an entry's error with no box on the model stays there.
 */
void errors_on_page(json_t *model, const json_t *errors, const json_t *typed);

/*
 * A new copy of `errors` (borrowed) in the order their fields appear in
 * `html`, the page rendered once with them, so the error summary reads in
 * the order of the form, whatever order the field specs and the handler
 * found them in (GOV.UK: "in the same order as they appear on the page").
 * A field is found by its id="FIELD" (or the first id="FIELD-…", a date's
 * day box), an error with an "anchor" (a date's month box, a list's entry)
 * by that id; an anchor not on the page is left out of the copy, so its
 * link goes to the field. Errors whose field is not on the page keep their
 * order, last. NULL if nothing changes (nothing to render again).
 */
json_t *errors_in_page_order(const json_t *errors, const char *html);

/*
 * For a handler that found errors itself: answers `status` (usually 422) —
 * problem+json for the API. Takes `errors`. (Pages put errors on their own
 * model with errors_on_page, since only the handler knows the page.)
 */
void errors_respond(struct response *res, unsigned status, json_t *errors);

#endif
