/*
 * area.c (notes) — case notes about a child (issue 15): an agency linked to
 * the child writes a dated, categorised note, seen by its own agency only or
 * by every agency linked to the child. A note is never edited in place: the
 * writing agency corrects it with a new version and a reason, and the note's
 * page shows every version. Notes appear in the child's chronology (their
 * `.chronology`), each to whoever may read it.
 *
 * Who may do what is the policy's: writing needs a relationship to the child
 * ("note.create" on the child), reading one to the note ("case_note": the
 * writing agency, or a linked agency if the note says so), correcting and
 * attaching a document (areas/documents/attach.h) are for the writing agency
 * ("case_note_writer"); whoever may read the note downloads its documents.
 * Each asks a live link to the child first, as reading the child does, so an
 * agency that stops working with the child loses its notes with it. Anyone
 * else is answered 404.
 */
#include <string.h>

#include "app/area.h"
#include "app/record_created.h"
#include "areas/children/store.h"
#include "areas/children/merged.h"
#include "areas/documents/attach.h"
#include "areas/documents/store.h"
#include "areas/notes/store.h"
#include "auth/session.h"
#include "auth/store.h"
#include "view/chosen_option.h"

static const char *const categories[] = {"contact", "concern", "visit", "meeting", "information_shared",
                                         "other",   NULL};
static const char *const category_labels[] = {"Contact with the child or family",
                                              "A concern",
                                              "A visit",
                                              "A meeting",
                                              "Information shared",
                                              "Something else",
                                              NULL};
static const char *const visibilities[] = {"own_agency", "linked_agencies", NULL};
static const char *const visibility_labels[] = {"Only my agency", "Every agency working with this child",
                                                NULL};

#define NOTE_FIELDS                                                                                          \
	{.name = "happened_on",                                                                              \
	 .label = "the date the note is about",                                                              \
	 .type = FIELD_DATE,                                                                                 \
	 .required = true,                                                                                   \
	 .when = FIELD_DATE_NOT_AFTER_TODAY}, /* a note is about something that has happened */              \
	    {.name = "category",                                                                             \
	     .label = "what kind of note it is",                                                             \
	     .type = FIELD_CHOICE,                                                                           \
	     .required = true,                                                                               \
	     .choices = categories},                                                                         \
	    {.name = "visibility",                                                                           \
	     .label = "who may read the note",                                                               \
	     .type = FIELD_CHOICE,                                                                           \
	     .required = true,                                                                               \
	     .choices = visibilities},                                                                       \
	{                                                                                                    \
		.name = "body", .label = "the note", .type = FIELD_TEXT, .required = true, .max = 10000      \
	}

static const struct field_spec note_fields[] = {NOTE_FIELDS, {0}};
static const struct field_spec correct_fields[] = {
    NOTE_FIELDS,
    {.name = "reason",
     .label = "why the note is corrected",
     .type = FIELD_TEXT,
     .required = true,
     .max = 1000},
    {0},
};

/* ---- labels and choices ---- */

static const char *label_of(const char *const *values, const char *const *labels, const char *value)
{
	for (size_t i = 0; value && values[i]; i++)
		if (strcmp(values[i], value) == 0)
			return labels[i];
	return value;
}

/* The category's and visibility's labels of `text` (a note, or one of its versions). */
static void add_labels(json_t *text)
{
	json_object_set_new(text, "category_label",
	                    json_string(label_of(categories, category_labels, field_text(text, "category"))));
	json_object_set_new(
	    text, "visibility_label",
	    json_string(label_of(visibilities, visibility_labels, field_text(text, "visibility"))));
}

/*
 * A note form's radios in `model`: what was sent (`input`), after errors;
 * else the note's `current` version (NULL for a new note: none checked).
 */
static void add_choices(json_t *model, const json_t *input, const json_t *current)
{
	const char *category = field_text(input, "category"), *visibility = field_text(input, "visibility");
	if (!category)
		category = field_text(current, "category");
	if (!visibility)
		visibility = field_text(current, "visibility");
	json_object_set_new(model, "categories",
	                    chosen_option_radios("category", categories, category_labels, category));
	json_object_set_new(model, "visibilities",
	                    chosen_option_radios("visibility", visibilities, visibility_labels, visibility));
}

/* A note's versions with their labels, for its page. */
static void label_note(json_t *note)
{
	add_labels(note);
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(note, "versions"), i, v) add_labels(v);
	json_object_set_new(note, "corrected",
	                    json_boolean(json_array_size(json_object_get(note, "versions")) > 1));
}

/* What a form sent, as a note's text (borrowed strings), checked by its fields (NOTE_FIELDS). */
static struct note_text text_of(const struct request *req)
{
	const json_t *in = req->input;
	return (struct note_text){.happened_on = field_text(in, "happened_on"),
	                          .category = field_text(in, "category"),
	                          .visibility = field_text(in, "visibility"),
	                          .body = field_text(in, "body")};
}

/* ---- writing a note ---- */

/* GET /children/{id}/notes/new, and the form again after errors. */
static enum haven_status new_note_form(struct request *req, struct response *res)
{
	json_t *child = NULL;
	enum haven_status st = children_names(field_int(req->params, "id"), &child);
	if (st != HAVEN_OK)
		return st;
	json_t *model = json_pack("{s:s, s:o}", "title", "Add a case note", "child", child);
	add_choices(model, req->input, NULL);
	response_set_model(res, model);
	return HAVEN_OK;
}

/* POST /children/{id}/notes, POST /api/v1/children/{id}/notes. */
static enum haven_status create_note(struct request *req, struct response *res)
{
	long long child_id = field_int(req->params, "id");
	enum haven_status merged = children_refuse_merged(child_id, "child", "add the note to that one", res);
	if (merged != HAVEN_OK || res->errors)
		return merged;
	struct note_text text = text_of(req);
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = notes_create(child_id, &text, &actor, &id);
	response_success(res, "The note was added");
	return record_created(res, st, id, notes_get, "/notes");
}

/* ---- reading and correcting one ---- */

/* GET /notes/{id}, GET /api/v1/notes/{id}: the note as it now is, and every version. */
static enum haven_status show_note(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *note = NULL;
	enum haven_status st = notes_get(id, &note);
	if (st != HAVEN_OK)
		return st;
	label_note(note);
	json_t *documents = NULL;
	if ((st = documents_attached("case_note", id, &documents)) != HAVEN_OK) {
		json_decref(note);
		return st;
	}
	json_object_set_new(note, "has_documents", json_boolean(json_array_size(documents) > 0));
	json_object_set_new(note, "documents", documents);
	bool writer = policy_allows(req->user, "note.correct", "case_note_writer", id),
	     attacher = policy_allows(req->user, "note.attach", "case_note_writer", id);
	response_set_model(res, json_pack("{s:s, s:o, s:b, s:b}", "title", "Case note", "note", note,
	                                  "can_correct", writer, "can_attach", attacher));
	return HAVEN_OK;
}

/* GET /notes/{id}/correct, and the form again after errors: the current version to start from. */
static enum haven_status correct_form(struct request *req, struct response *res)
{
	json_t *note = NULL;
	enum haven_status st = notes_get(field_int(req->params, "id"), &note);
	if (st != HAVEN_OK)
		return st;
	label_note(note);
	json_object_set_new(note, "next_version", json_integer(field_int(note, "current_version") + 1));
	json_t *model =
	    json_pack("{s:s, s:O, s:O}", "title", "Correct a case note", "note", note, "current", note);
	add_choices(model, req->input, note);
	/* the date input shows the form's own field's date (templates/date-input) */
	json_object_set(model, "happened_on", json_object_get(note, "happened_on"));
	json_decref(note);
	response_set_model(res, model);
	return HAVEN_OK;
}

/*
 * Note `id` is about a child whose record was merged away: refused (children_refuse_merged), as nothing
 * new is written about that record; NOT_FOUND if there is no such note.
 */
static enum haven_status refuse_merged_child(long long id, const char *instead, struct response *res)
{
	json_t *note = NULL;
	enum haven_status st = notes_get(id, &note);
	if (st != HAVEN_OK)
		return st;
	st = children_refuse_merged(field_int(note, "child_id"), "child", instead, res);
	json_decref(note);
	return st;
}

/* POST /notes/{id}/documents and its API twin: documents_upload, unless the child's record was merged away.
 */
static enum haven_status attach_to_note(struct request *req, struct response *res)
{
	enum haven_status st =
	    refuse_merged_child(field_int(req->params, "id"), "attach the document to a note there", res);
	if (st != HAVEN_OK || res->errors)
		return st;
	return documents_upload(req, res);
}

/* POST /notes/{id}/correct, POST /api/v1/notes/{id}/correct: a new version, with the reason. */
static enum haven_status correct_note(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	enum haven_status st = refuse_merged_child(id, "correct its notes there", res);
	if (st != HAVEN_OK || res->errors)
		return st;
	struct note_text text = text_of(req);
	struct actor actor = auth_actor(req);
	st = notes_correct(id, &text, field_text(req->input, "reason"), &actor);
	return record_changed(res, st, "The note was corrected", show_note, "/notes", id);
}

/* ---- routes ---- */

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}/notes/new",
     .action = "note.create",
     .handler = new_note_form,
     .page = "notes/new"},
    {.method = HTTP_POST,
     .pattern = "/children/{id:int}/notes",
     .action = "note.create",
     .handler = create_note,
     .page = "notes/new",
     .body = note_fields,
     .redisplay = new_note_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/notes/{id:int}",
     .action = "note.read",
     .handler = show_note,
     .page = "notes/note",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/notes/{id:int}/correct",
     .action = "note.correct",
     .handler = correct_form,
     .page = "notes/correct"},
    {.method = HTTP_POST,
     .pattern = "/notes/{id:int}/correct",
     .action = "note.correct",
     .handler = correct_note,
     .page = "notes/correct",
     .body = correct_fields,
     .redisplay = correct_form,
     .api = true},
    DOCUMENTS_ROUTES_CHECKED("/notes/{id:int}", "note.attach", attach_to_note),
    {0},
};

/* Who may take this area's actions: deny by default. */
static const struct policy_rule access[] = {
    /* writing a note about a child: an agency working with the child */
    {.action = "note.create", .roles = ROLE_CHILD_WORKERS, .resource = "child", .audited = true},
    /* reading one: the writing agency, or every linked agency if the note says so */
    {.action = "note.read", .roles = ROLE_CHILD_WORKERS, .resource = "case_note", .audited = true},
    /* correcting one: the writing agency */
    {.action = "note.correct",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "case_note_writer",
     .audited = true,
     .shown_as = "note.read"},
    /* attaching a document to one: the writing agency; whoever may read the note may download it */
    {.action = "note.attach",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "case_note_writer",
     .audited = true,
     .shown_as = "note.read"},
    {0},
};

/*
 * The demo's case note (demo.sql) and a fictional letter attached to it by
 * the note's author, sealed as an upload is, so the note and its document
 * are there to open from the child's chronology.
 */
static enum haven_status load_demo(void)
{
	enum haven_status st = notes_load_demo_rows();
	if (st != HAVEN_OK)
		return st;
	struct account author;
	if ((st = auth_store_account_by_email("practitioner@demo.haven.example", &author)) != HAVEN_OK)
		return st;
	static const char letter[] = "A fictional letter for the Haven demo.\n\n"
	                             "Alex's clinic appointments this week: Tuesday and Thursday,\n"
	                             "09:00, children's outpatients.\n";
	const struct document_upload letter_upload = {.owner_type = "case_note",
	                                              .owner_id = NOTES_DEMO_NOTE_ID,
	                                              .description = "Clinic appointment letter (fictional)",
	                                              .media_type = "text/plain",
	                                              .data = (const unsigned char *)letter,
	                                              .len = sizeof letter - 1};
	const struct actor actor = {.user_id = author.user.id, .agency_id = author.user.agency_id};
	long long id = 0;
	return documents_create(&letter_upload, &actor, &id);
}

const struct area area_notes = {
    .name = "notes",
    .routes = routes,
    .access = access,
    .records = notes_records,
    .chronology = notes_chronology,
    .subject_access = notes_subject_access,
    /* after the children (30) and the accounts (20) it names */
    .load_demo = load_demo,
    .demo_order = 32,
};
