/*
 * record_text.c — a child's record as the API answers it, written straight
 * into its text (record_text.h).
 */
#include "areas/children/record_text.h"

#include <stdio.h>
#include <string.h>

#include "areas/children/handlers.h"
#include "areas/children/match.h"
#include "core/json_text.h"

bool children_nhs_display(const char *nhs, char text[static 16])
{
	if (!nhs || strlen(nhs) != 10)
		return false;
	snprintf(text, 16, "%.3s %.3s %.4s", nhs, nhs + 3, nhs + 6);
	return true;
}

/* `key` (a literal: ,"name":) and `value` (may be NULL) as a JSON string or null. */
static bool put_text(struct buf *out, const char *key, const char *value)
{
	buf_append_str(out, key);
	if (!value) {
		buf_append(out, "null", 4);
		return true;
	}
	return json_text_append_string(out, value, strlen(value));
}

static void put_bool(struct buf *out, const char *key, bool value)
{
	buf_append_str(out, key);
	buf_append_str(out, value ? "true" : "false");
}

/* The record's links ("links") and the settings among them ("settings"), as read_child and show_child add
 * them. */
static bool put_links(struct buf *out, const struct child_record *r, size_t *settings)
{
	bool ok = true;
	buf_append_str(out, ",\"links\":[");
	for (size_t i = 0; ok && i < r->link_count; i++) {
		const struct child_record_link *l = &r->links[i];
		ok = put_text(out, i ? ",{\"agency_slug\":" : "{\"agency_slug\":", l->agency_slug) &&
		     put_text(out, ",\"agency_name\":", l->agency_name) &&
		     put_text(out, ",\"agency_type\":", l->agency_type) &&
		     put_text(out, ",\"relationship\":", l->relationship) &&
		     put_text(out, ",\"relationship_label\":", children_relationship_label(l->relationship));
		buf_append_char(out, '}');
	}
	buf_append_str(out, "],\"settings\":[");
	*settings = 0;
	for (size_t i = 0; ok && i < r->link_count; i++) {
		const struct child_record_link *l = &r->links[i];
		if (strcmp(l->relationship, "setting") != 0)
			continue;
		ok = put_text(out, (*settings)++ ? ",{\"slug\":" : "{\"slug\":", l->agency_slug) &&
		     put_text(out, ",\"name\":", l->agency_name);
		buf_append_char(out, '}');
	}
	buf_append_char(out, ']');
	return ok;
}

bool children_record_text(struct buf *out, const struct child_record *r, const json_t *corrections,
                          bool can_merge)
{
	buf_append_str(out, "{\"title\":\"Child's record\",\"child\":{\"id\":");
	json_text_append_integer(out, r->id);
	bool ok = put_text(out, ",\"given_name\":", r->given_name) &&
	          put_text(out, ",\"family_name\":", r->family_name) &&
	          put_text(out, ",\"other_names\":", r->other_names) &&
	          put_text(out, ",\"date_of_birth\":", r->date_of_birth) &&
	          put_text(out, ",\"expected_date_of_birth\":", r->expected_date_of_birth);
	put_bool(out, ",\"unborn\":", r->unborn);
	ok = ok && put_text(out, ",\"sex\":", r->sex) && put_text(out, ",\"postcode\":", r->postcode);
	buf_append_str(out, ",\"la_code\":");
	if (r->has_la_code)
		json_text_append_integer(out, r->la_code);
	else
		buf_append(out, "null", 4);
	ok = ok && put_text(out, ",\"area_name\":", r->area_name) && put_text(out, ",\"upn\":", r->upn) &&
	     put_text(out, ",\"nhs_number\":", r->nhs_number) &&
	     put_text(out, ",\"created_at\":", r->created_at);
	buf_append_str(out, ",\"merged_into\":");
	if (r->merged_into)
		json_text_append_integer(out, r->merged_into);
	else
		buf_append(out, "null", 4);
	size_t settings = 0;
	ok = ok && put_links(out, r, &settings);
	const char *sex = children_sex_label(r->sex);
	char nhs[16];
	ok = ok && (!sex || put_text(out, ",\"sex_label\":", sex)) &&
	     (!children_nhs_display(r->nhs_number, nhs) || put_text(out, ",\"nhs_number_display\":", nhs));
	put_bool(out, ",\"has_settings\":", settings > 0);
	put_bool(out, ",\"can_merge\":", can_merge);
	buf_append_str(out, "},\"corrections\":");
	if (corrections)
		ok = ok && json_text_append(out, corrections, 0);
	else
		buf_append(out, "[]", 2);
	put_bool(out, ",\"corrected\":", json_array_size(corrections) > 0);
	buf_append_char(out, '}');
	return ok;
}
