/*
 * tool.c (neglect) — checking a neglect tool document, looking things up in
 * it, and the grading rule (see tool.h and docs/neglect-tool.md).
 *
 * The checker walks the document once and names every problem by its JSON
 * path (core/json_problems.h), so whoever publishes a version can fix them
 * all in one go.
 */
#include "areas/neglect/tool.h"

#include <stdio.h>
#include <string.h>

#include "app/json_format.h"
#include "core/calendar.h"
#include "core/json_problems.h"
#include "core/utf8.h"
#include "router/errors.h"

#define MAX_TEXT 2000
#define MAX_NAME 300
#define MAX_ID 100
#define MAX_EVIDENCE 5000
#define MAX_AGE_BANDS 10
#define MAX_AGE 25
#define MAX_AREAS 12

/* ---- checking fields (problems are reported as core/json_problems.h says) ---- */

static const struct json_format format = {
    .unknown_key = "is not a field of the neglect tool format (check its spelling)"};

/* An identifier (lower-case letters, digits, hyphens) not already in `seen`, which it joins. */
static const char *ident(struct json_problems *c, const json_t *obj, const char *path, json_t *seen,
                         const char *what)
{
	const char *s = json_problems_text(c, obj, path, "id", MAX_ID, true);
	char p[512];
	json_path_key(p, sizeof p, path, "id");
	if (s && !json_is_slug(s, MAX_ID)) {
		json_problem(c, p, "must use only lower-case letters, digits and hyphens");
		return NULL;
	}
	if (s && json_object_get(seen, s)) {
		json_problem(c, p, "\"%s\" is the id of another %s: each must have its own", s, what);
		return NULL;
	}
	if (s)
		json_object_set_new(seen, s, json_true());
	return s;
}

/* ---- the sections ---- */

static void check_grades(struct json_problems *c, const json_t *doc)
{
	const json_t *grades = json_problems_array(c, doc, "$", "grades", NEGLECT_WORST_GRADE);
	if (!grades)
		return;
	if (json_array_size(grades) != NEGLECT_WORST_GRADE)
		json_problem(c, "$.grades", "must list the five grades, 1 (best) to 5 (worst)");
	static const char *const allowed[] = {"grade", "name", "description", NULL};
	size_t i;
	const json_t *g;
	json_array_foreach(grades, i, g)
	{
		char p[64];
		if (!json_format_item(&format, c, g, "$.grades", i, allowed,
		                      "must be an object with a grade and its name", p, sizeof p))
			continue;
		const json_t *n = json_object_get(g, "grade");
		if (!json_is_integer(n) || json_integer_value(n) != (json_int_t)i + 1) {
			char q[80];
			json_path_key(q, sizeof q, p, "grade");
			json_problem(c, q, "must be %zu (the grades are listed in order, 1 best to 5 worst)",
			             i + 1);
		}
		json_problems_text(c, g, p, "name", MAX_NAME, true);
		json_problems_text(c, g, p, "description", MAX_TEXT, false);
	}
}

static void check_age_bands(struct json_problems *c, const json_t *doc, json_t *bands)
{
	const json_t *list = json_problems_array(c, doc, "$", "age_bands", MAX_AGE_BANDS);
	static const char *const allowed[] = {"id", "name", "from_age", "to_age", NULL};
	size_t i;
	const json_t *b;
	json_array_foreach(list, i, b)
	{
		char p[64];
		if (!json_format_item(&format, c, b, "$.age_bands", i, allowed,
		                      "must be an object with an id and a name", p, sizeof p))
			continue;
		ident(c, b, p, bands, "age band");
		json_problems_text(c, b, p, "name", MAX_NAME, true);
		/* the ages (in whole years, both included) an assessment's child must be of; optional */
		static const char *const ages[] = {"from_age", "to_age"};
		for (size_t k = 0; k < 2; k++) {
			const json_t *v = json_object_get(b, ages[k]);
			char q[80];
			json_path_key(q, sizeof q, p, ages[k]);
			if (v && !(json_is_integer(v) && json_integer_value(v) >= 0 &&
			           json_integer_value(v) <= MAX_AGE))
				json_problem(c, q, "must be a whole number of years from 0 to %d", MAX_AGE);
		}
		const json_t *from = json_object_get(b, "from_age"), *to = json_object_get(b, "to_age");
		if (json_is_integer(from) && json_is_integer(to) &&
		    json_integer_value(to) < json_integer_value(from)) {
			char q[80];
			json_path_key(q, sizeof q, p, "to_age");
			json_problem(c, q, "must not be less than from_age");
		}
	}
}

bool neglect_tool_age_fits(const json_t *band, const char *born_on, const char *on, int *age)
{
	int32_t born, day;
	*age = -1;
	if (!born_on || !on || !calendar_parse(born_on, &born) || !calendar_parse(on, &day) || day < born)
		return true;
	int by, bm, bd, y, m, d;
	calendar_to_ymd(born, &by, &bm, &bd);
	calendar_to_ymd(day, &y, &m, &d);
	*age = y - by - (m < bm || (m == bm && d < bd));
	const json_t *from = json_object_get(band, "from_age"), *to = json_object_get(band, "to_age");
	return !(json_is_integer(from) && *age < json_integer_value(from)) &&
	       !(json_is_integer(to) && *age > json_integer_value(to));
}

/*
 * A sub-area's descriptors: for every age band and every grade exactly one
 * descriptor applies (one without "age_bands" applies to every band).
 */
static void check_descriptors(struct json_problems *c, const json_t *sub, const char *path,
                              const json_t *bands)
{
	const json_t *list =
	    json_problems_array(c, sub, path, "descriptors", NEGLECT_WORST_GRADE * MAX_AGE_BANDS);
	if (!list)
		return;
	json_t *covered = json_object(); /* "band/grade" -> true */
	char list_path[480];
	json_path_key(list_path, sizeof list_path, path, "descriptors");
	static const char *const allowed[] = {"grade", "text", "age_bands", NULL};
	size_t i, j;
	const json_t *d, *b;
	json_array_foreach(list, i, d)
	{
		char p[512];
		if (!json_format_item(&format, c, d, list_path, i, allowed,
		                      "must be an object with a grade and its text", p, sizeof p))
			continue;
		json_problems_text(c, d, p, "text", MAX_TEXT, true);
		const json_t *g = json_object_get(d, "grade");
		json_int_t grade = json_is_integer(g) ? json_integer_value(g) : 0;
		if (grade < NEGLECT_BEST_GRADE || grade > NEGLECT_WORST_GRADE) {
			char q[600];
			json_path_key(q, sizeof q, p, "grade");
			json_problem(c, q, "must be a whole number from 1 to 5");
			continue;
		}
		const json_t *own = json_object_get(d, "age_bands");
		char own_path[600];
		json_path_key(own_path, sizeof own_path, p, "age_bands");
		json_t *applies = json_array();
		if (!own) {
			const char *id;
			json_object_foreach((json_t *)bands, id, b)
			    json_array_append_new(applies, json_string(id));
		} else if (!json_is_array(own) || json_array_size(own) == 0) {
			json_problem(c, own_path,
			             "must be a list of age band ids (or left out: every age band)");
		} else {
			json_array_foreach(own, j, b)
			{
				char q[640];
				json_path_index(q, sizeof q, own_path, j);
				if (!json_is_string(b) || !json_object_get(bands, json_string_value(b)))
					json_problem(c, q, "must be the id of one of $.age_bands");
				else
					json_array_append(applies, (json_t *)b);
			}
		}
		json_array_foreach(applies, j, b)
		{
			char key[160];
			snprintf(key, sizeof key, "%s/%lld", json_string_value(b), (long long)grade);
			if (json_object_get(covered, key))
				json_problem(
				    c, p,
				    "is a second descriptor of grade %lld for age band \"%s\": give one each",
				    (long long)grade, json_string_value(b));
			json_object_set_new(covered, key, json_true());
		}
		json_decref(applies);
	}
	const char *id;
	json_object_foreach((json_t *)bands, id, b)
	{
		for (int grade = NEGLECT_BEST_GRADE; grade <= NEGLECT_WORST_GRADE; grade++) {
			char key[160];
			snprintf(key, sizeof key, "%s/%d", id, grade);
			if (!json_object_get(covered, key))
				json_problem(c, list_path,
				             "has no descriptor of grade %d for age band \"%s\"", grade, id);
		}
	}
	json_decref(covered);
}

static void check_areas(struct json_problems *c, const json_t *doc, const json_t *bands)
{
	const json_t *areas = json_problems_array(c, doc, "$", "areas", MAX_AREAS);
	json_t *area_ids = json_object(), *sub_ids = json_object();
	static const char *const area_keys[] = {"id", "name", "description", "sub_areas", NULL};
	static const char *const sub_keys[] = {"id", "name", "description", "descriptors", NULL};
	size_t i, j, subs = 0;
	const json_t *a, *s;
	json_array_foreach(areas, i, a)
	{
		char p[64], subs_path[96];
		if (!json_format_item(&format, c, a, "$.areas", i, area_keys,
		                      "must be an object: an area of care", p, sizeof p))
			continue;
		ident(c, a, p, area_ids, "area of care");
		json_problems_text(c, a, p, "name", MAX_NAME, true);
		json_problems_text(c, a, p, "description", MAX_TEXT, false);
		const json_t *list = json_problems_array(c, a, p, "sub_areas", NEGLECT_MAX_SUB_AREAS);
		json_path_key(subs_path, sizeof subs_path, p, "sub_areas");
		json_array_foreach(list, j, s)
		{
			char q[128];
			json_path_index(q, sizeof q, subs_path, j);
			if (!json_is_object(s)) {
				json_problem(c, q, "must be an object: a sub-area");
				continue;
			}
			if (++subs == NEGLECT_MAX_SUB_AREAS + 1)
				json_problem(c, q, "is one sub-area too many: a tool has at most %d",
				             NEGLECT_MAX_SUB_AREAS);
			json_format_keys(&format, c, s, q, sub_keys);
			ident(c, s, q, sub_ids, "sub-area");
			json_problems_text(c, s, q, "name", MAX_NAME, true);
			json_problems_text(c, s, q, "description", MAX_TEXT, false);
			check_descriptors(c, s, q, bands);
		}
	}
	json_decref(area_ids);
	json_decref(sub_ids);
}

bool neglect_tool_check(const json_t *doc, json_t *problems)
{
	struct json_problems c = {.list = problems, .most = NEGLECT_MAX_PROBLEMS};
	if (!json_is_object(doc)) {
		json_problem(&c, "$", "must be a JSON object (see docs/neglect-tool.md)");
		return false;
	}
	static const char *const allowed[] = {"version",   "title", "description", "grades",
	                                      "age_bands", "areas", NULL};
	json_format_keys(&format, &c, doc, "$", allowed);
	json_problems_text(&c, doc, "$", "version", MAX_ID, true);
	json_problems_text(&c, doc, "$", "title", MAX_NAME, true);
	json_problems_text(&c, doc, "$", "description", MAX_TEXT, false);
	check_grades(&c, doc);
	json_t *bands = json_object();
	check_age_bands(&c, doc, bands);
	check_areas(&c, doc, bands);
	json_decref(bands);
	return c.count == 0;
}

/* ---- look-ups ---- */

static const json_t *by_id(const json_t *list, const char *id)
{
	size_t i;
	const json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *own = json_string_value(json_object_get(v, "id"));
		if (id && own && strcmp(own, id) == 0)
			return v;
	}
	return NULL;
}

const json_t *neglect_tool_age_band(const json_t *doc, const char *id)
{
	return by_id(json_object_get(doc, "age_bands"), id);
}

const json_t *neglect_tool_sub_area(const json_t *doc, const char *id, const json_t **area)
{
	size_t i;
	const json_t *a;
	json_array_foreach(json_object_get(doc, "areas"), i, a)
	{
		const json_t *s = by_id(json_object_get(a, "sub_areas"), id);
		if (s) {
			if (area)
				*area = a;
			return s;
		}
	}
	return NULL;
}

const char *neglect_tool_descriptor(const json_t *sub, const char *band, long long grade)
{
	size_t i, j;
	const json_t *d, *b;
	json_array_foreach(json_object_get(sub, "descriptors"), i, d)
	{
		if (json_integer_value(json_object_get(d, "grade")) != grade)
			continue;
		const json_t *own = json_object_get(d, "age_bands");
		if (!own)
			return json_string_value(json_object_get(d, "text"));
		json_array_foreach(own, j,
		                   b) if (band && strcmp(json_string_value(b), band) ==
		                                      0) return json_string_value(json_object_get(d, "text"));
	}
	return NULL;
}

size_t neglect_tool_sub_area_count(const json_t *doc)
{
	size_t n = 0, i;
	const json_t *a;
	json_array_foreach(json_object_get(doc, "areas"), i, a) n +=
	    json_array_size(json_object_get(a, "sub_areas"));
	return n;
}

/* ---- grades and the rule ---- */

void neglect_tool_check_grades(const json_t *doc, const json_t *grades, bool finishing, bool by_position,
                               json_t *errors)
{
	if (grades && !json_is_object(grades)) {
		errors_add(errors, "grades", "Give the grades as an object of sub-area ids");
		return;
	}
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)grades, key, v)
	{
		if (!neglect_tool_sub_area(doc, key, NULL)) {
			errors_addf(errors, "grades",
			            "\"%.*s\" is not a sub-area of this version of the tool",
			            (int)utf8_cut_length(key, 100), key);
		}
	}
	size_t i, j, position = 0;
	const json_t *a, *s;
	json_array_foreach(json_object_get(doc, "areas"), i, a)
	{
		json_array_foreach(json_object_get(a, "sub_areas"), j, s)
		{
			position++;
			const char *id = json_string_value(json_object_get(s, "id"));
			const char *name = json_string_value(json_object_get(s, "name"));
			const json_t *given = json_object_get(grades, id);
			const json_t *g = json_object_get(given, "grade");
			const json_t *e = json_object_get(given, "evidence");
			char grade_field[32], evidence_field[32];
			if (by_position) {
				snprintf(grade_field, sizeof grade_field, "grade_%zu", position);
				snprintf(evidence_field, sizeof evidence_field, "evidence_%zu", position);
			} else {
				snprintf(grade_field, sizeof grade_field, "grades");
				snprintf(evidence_field, sizeof evidence_field, "grades");
			}
			if (given && !json_is_object(given)) {
				errors_addf(errors, grade_field, "Give %s as a grade and its evidence", name);
				continue;
			}
			if (g && (!json_is_integer(g) || json_integer_value(g) < NEGLECT_BEST_GRADE ||
			          json_integer_value(g) > NEGLECT_WORST_GRADE)) {
				errors_addf(errors, grade_field,
				            "The grade for %s must be a whole number from 1 to 5", name);
			} else if (!g && finishing) {
				errors_addf(errors, grade_field, "Select a grade for %s", name);
			}
			const char *evidence = json_string_value(e);
			if (e && !evidence) {
				errors_addf(errors, evidence_field, "The evidence for %s must be text", name);
			} else if (evidence && json_string_length(e) > MAX_EVIDENCE) {
				errors_addf(errors, evidence_field,
				            "The evidence for %s must be %d characters or fewer", name,
				            MAX_EVIDENCE);
			} else if (finishing &&
			           (!evidence || strspn(evidence, " \t\r\n") == strlen(evidence))) {
				errors_addf(errors, evidence_field,
				            "Enter what you observed that gives %s its grade", name);
			}
		}
	}
}

json_t *neglect_tool_summarise(const json_t *doc, const json_t *grades)
{
	json_t *areas = json_array();
	long long overall = 0;
	bool complete = true;
	size_t i, j;
	const json_t *a, *s;
	json_array_foreach(json_object_get(doc, "areas"), i, a)
	{
		long long worst = 0;
		bool graded = true;
		json_array_foreach(json_object_get(a, "sub_areas"), j, s)
		{
			const char *id = json_string_value(json_object_get(s, "id"));
			const json_t *g = json_object_get(json_object_get(grades, id), "grade");
			if (!json_is_integer(g)) {
				graded = false;
				continue;
			}
			if (json_integer_value(g) > worst)
				worst = json_integer_value(g);
		}
		complete = complete && graded;
		if (graded && worst > overall)
			overall = worst;
		json_array_append_new(areas, json_pack("{s:O, s:O, s:o}", "id", json_object_get(a, "id"),
		                                       "name", json_object_get(a, "name"), "grade",
		                                       graded ? json_integer(worst) : json_null()));
	}
	return json_pack("{s:o, s:o}", "areas", areas, "overall_grade",
	                 complete && overall ? json_integer(overall) : json_null());
}

json_t *neglect_tool_change(const json_t *baseline, const json_t *latest, bool *improving)
{
	json_t *out = json_array();
	bool better = false, worse = false;
	size_t i;
	const json_t *l;
	json_array_foreach(latest, i, l)
	{
		const json_t *b = by_id(baseline, json_string_value(json_object_get(l, "id")));
		const json_t *from = json_object_get(b, "grade"), *to = json_object_get(l, "grade");
		json_t *change = json_null();
		if (json_is_integer(from) && json_is_integer(to)) {
			json_int_t d = json_integer_value(to) - json_integer_value(from);
			change = json_string(d < 0 ? "better" : d > 0 ? "worse" : "same");
			better = better || d < 0;
			worse = worse || d > 0;
		}
		json_array_append_new(
		    out, json_pack("{s:O, s:O, s:O, s:O, s:o}", "id", json_object_get(l, "id"), "name",
		                   json_object_get(l, "name"), "baseline", from ? from : json_null(),
		                   "latest", to ? to : json_null(), "change", change));
	}
	*improving = neglect_tool_improving(better, worse);
	return out;
}

bool neglect_tool_improving(bool any_better, bool any_worse)
{
	return any_better && !any_worse;
}
