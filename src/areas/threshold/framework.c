/*
 * framework.c (threshold) — using a levels-of-need framework document that
 * has been checked (framework_check.c): looking things up in it, searching
 * its indicators, the suggestion rule, and a practitioner's ticks evaluated
 * against it (see framework.h and docs/levels-of-need.md).
 */
#include "areas/threshold/framework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "router/errors.h"

/* ---- look-ups ---- */

static const json_t *find(const json_t *list, const char *key, const char *id)
{
	size_t i;
	json_t *v;
	if (!id)
		return NULL;
	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(json_object_get(v, key));
		if (s && strcmp(s, id) == 0)
			return v;
	}
	return NULL;
}

static const json_t *find_number(const json_t *list, const char *key, long long n)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const json_t *k = json_object_get(v, key);
		if (json_is_integer(k) && json_integer_value(k) == n)
			return v;
	}
	return NULL;
}

const json_t *threshold_level(const json_t *doc, long long number)
{
	return find_number(json_object_get(doc, "levels"), "number", number);
}

const json_t *threshold_age_band(const json_t *doc, const char *id)
{
	return find(json_object_get(doc, "age_bands"), "id", id);
}

const json_t *threshold_indicator(const json_t *doc, const char *id)
{
	return find(json_object_get(doc, "indicators"), "id", id);
}

const json_t *threshold_domain(const json_t *doc, const char *id)
{
	return find(json_object_get(doc, "domains"), "id", id);
}

const json_t *threshold_dimension(const json_t *domain, const char *id)
{
	return find(json_object_get(domain, "dimensions"), "id", id);
}

const json_t *threshold_local(const json_t *doc, long long la_code)
{
	return find_number(json_object_get(doc, "local_authorities"), "code", la_code);
}

bool threshold_indicator_for_age(const json_t *indicator, const char *band)
{
	const json_t *bands = json_object_get(indicator, "age_bands");
	if (!json_is_array(bands))
		return true;
	size_t i;
	json_t *b;
	json_array_foreach(bands, i, b) if (band && json_is_string(b) &&
	                                    strcmp(json_string_value(b), band) == 0) return true;
	return false;
}

/* The dimension an indicator names, and its domain in *domain (each NULL when the document has none). */
static const json_t *indicator_dimension(const json_t *doc, const json_t *indicator, const json_t **domain)
{
	*domain = threshold_domain(doc, json_string_value(json_object_get(indicator, "domain")));
	return threshold_dimension(*domain, json_string_value(json_object_get(indicator, "dimension")));
}

/* ---- searching ---- */

static bool contains_word(const char *hay, const char *word, size_t len)
{
	if (!hay)
		return false;
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, word, len) == 0)
			return true;
	return false;
}

/* True if the word appears anywhere in what an indicator says about itself. */
static bool indicator_has_word(const json_t *doc, const json_t *ind, const char *word, size_t len)
{
	if (contains_word(json_string_value(json_object_get(ind, "text")), word, len))
		return true;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(ind, "examples"), i,
	                   v) if (contains_word(json_string_value(v), word, len)) return true;
	json_array_foreach(json_object_get(ind, "tags"), i, v)
	{
		/* "domestic_abuse" should match "domestic abuse" typed as two words */
		const char *tag = json_string_value(v);
		char spaced[64];
		snprintf(spaced, sizeof spaced, "%s", tag ? tag : "");
		for (char *p = spaced; *p; p++)
			if (*p == '_')
				*p = ' ';
		if (contains_word(spaced, word, len))
			return true;
	}
	const json_t *domain, *dimension = indicator_dimension(doc, ind, &domain);
	return contains_word(json_string_value(json_object_get(dimension, "name")), word, len) ||
	       contains_word(json_string_value(json_object_get(domain, "name")), word, len);
}

bool threshold_indicator_matches(const json_t *doc, const json_t *indicator, const char *query)
{
	if (!query)
		return true;
	const char *p = query;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return true;
		size_t len = strcspn(p, " \t");
		if (!indicator_has_word(doc, indicator, p, len))
			return false;
		p += len;
	}
}

/* ---- the rule ---- */

bool threshold_rule_from(const json_t *doc, struct threshold_rule *rule)
{
	const json_t *r = json_object_get(doc, "suggestion_rule");
	const json_t *raise = json_object_get(r, "raise_one_level_when");
	const json_t *v[4] = {
	    json_object_get(raise, "domains_at_least"), json_object_get(raise, "indicators_at_least"),
	    json_object_get(raise, "at_or_above_level"), json_object_get(r, "highest_level")};
	for (int i = 0; i < 4; i++)
		if (!json_is_integer(v[i]) || json_integer_value(v[i]) < 1 || json_integer_value(v[i]) > 1000)
			return false;
	*rule = (struct threshold_rule){
	    .domains_at_least = (int)json_integer_value(v[0]),
	    .indicators_at_least = (int)json_integer_value(v[1]),
	    .at_or_above_level = (int)json_integer_value(v[2]),
	    .highest_level = (int)json_integer_value(v[3]),
	};
	return true;
}

void threshold_rule_apply(const struct threshold_rule *rule, const struct threshold_tick *ticks, size_t n,
                          struct threshold_outcome *out)
{
	*out = (struct threshold_outcome){.suggested_level = 1};
	int top = 0;
	for (size_t i = 0; i < n; i++)
		if (ticks[i].level > top)
			top = ticks[i].level;
	if (top == 0)
		return;
	/* the indicators at the top level, and how many different domains they come from */
	int count = 0, domains = 0;
	for (size_t i = 0; i < n; i++) {
		if (ticks[i].level != top)
			continue;
		count++;
		bool earlier = false;
		for (size_t j = 0; j < i && !earlier; j++)
			earlier = ticks[j].level == top && ticks[j].domain && ticks[i].domain &&
			          strcmp(ticks[j].domain, ticks[i].domain) == 0;
		if (!earlier)
			domains++;
	}
	int suggested = top;
	bool raised = top >= rule->at_or_above_level && count >= rule->indicators_at_least &&
	              domains >= rule->domains_at_least && top < rule->highest_level;
	if (raised)
		suggested = top + 1;
	if (suggested > rule->highest_level)
		suggested = rule->highest_level;
	*out = (struct threshold_outcome){
	    .suggested_level = suggested,
	    .highest_ticked_level = top,
	    .indicators_at_highest = count,
	    .domains_at_highest = domains,
	    .raised = raised,
	};
}

/* ---- evaluating a practitioner's ticks ---- */

static const char *name_of(const json_t *v)
{
	const char *s = json_string_value(json_object_get(v, "name"));
	return s ? s : "";
}

json_t *threshold_local_route(const json_t *doc, long long la_code, long long level)
{
	const json_t *la = threshold_local(doc, la_code);
	if (!la)
		return NULL;
	const json_t *route = find_number(json_object_get(la, "routes"), "level", level);
	json_t *services = json_array();
	size_t i;
	json_t *sid;
	json_array_foreach(json_object_get(route, "services"), i, sid)
	{
		const json_t *s = find(json_object_get(la, "services"), "id", json_string_value(sid));
		if (s)
			json_array_append_new(services, json_deep_copy(s));
	}
	const char *what = json_string_value(json_object_get(route, "what_to_do"));
	return json_pack("{s:I, s:s, s:I, s:s, s:o}", "la_code", (json_int_t)la_code, "la_name", name_of(la),
	                 "level", (json_int_t)level, "what_to_do", what ? what : "", "services", services);
}

json_t *threshold_indicator_listed(const json_t *doc, const json_t *indicator, bool driving)
{
	const json_t *domain, *dimension = indicator_dimension(doc, indicator, &domain);
	long long level = json_integer_value(json_object_get(indicator, "level"));
	json_t *tags = json_object_get(indicator, "tags");
	return json_pack("{s:O, s:O, s:I, s:s, s:O, s:s, s:O, s:s, s:o, s:b}", "id",
	                 json_object_get(indicator, "id"), "text", json_object_get(indicator, "text"),
	                 "level", (json_int_t)level, "level_name", name_of(threshold_level(doc, level)),
	                 "domain", json_object_get(indicator, "domain"), "domain_name", name_of(domain),
	                 "dimension", json_object_get(indicator, "dimension"), "dimension_name",
	                 name_of(dimension), "tags", tags ? json_deep_copy(tags) : json_array(), "driving",
	                 driving);
}

static json_t *level_summary(const json_t *level)
{
	return json_pack("{s:O, s:s, s:O, s:O}", "number", json_object_get(level, "number"), "name",
	                 name_of(level), "description", json_object_get(level, "description"),
	                 "course_of_action", json_object_get(level, "course_of_action"));
}

json_t *threshold_evaluate(const json_t *doc, const char *age_band, long long la_code,
                           const json_t *indicator_ids, json_t *errors)
{
	size_t before = json_array_size(errors);
	const json_t *band = age_band && *age_band ? threshold_age_band(doc, age_band) : NULL;
	if (!age_band || !*age_band)
		errors_add(errors, "age_band", "Select the child's age band");
	else if (!band)
		errors_add(errors, "age_band", "Select the child's age band from the list");
	if (la_code <= 0)
		errors_add(errors, "la_code", "Select the local authority where the child lives");
	else if (!threshold_local(doc, la_code))
		errors_add(errors, "la_code", "Select the local authority from the list");

	size_t n = json_array_size(indicator_ids);
	if (n == 0)
		errors_add(errors, "indicators", "Select at least one indicator you have seen");
	struct threshold_tick *ticks = n ? calloc(n, sizeof *ticks) : NULL;
	json_t *listed = json_array(), *seen = json_object();
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		const char *id = json_string_value(json_array_get(indicator_ids, i));
		const json_t *ind = threshold_indicator(doc, id);
		if (!ind) {
			errors_addf(errors, "indicators",
			            "Select indicators from the list (\"%.*s\" is not one)",
			            (int)utf8_cut_length(id, 100), id ? id : "");
			continue;
		}
		if (json_object_get(seen, id))
			continue; /* ticked twice: counts once */
		json_object_set_new(seen, id, json_true());
		if (band && !threshold_indicator_for_age(ind, age_band)) {
			const char *text = json_string_value(json_object_get(ind, "text"));
			errors_addf(
			    errors, "indicators",
			    "\"%.*s\" does not apply to the age band %.*s: untick it or change the age band",
			    (int)utf8_cut_length(text, 200), text, (int)utf8_cut_length(name_of(band), 50),
			    name_of(band));
			continue;
		}
		ticks[count].level = (int)json_integer_value(json_object_get(ind, "level"));
		ticks[count].domain = json_string_value(json_object_get(ind, "domain"));
		count++;
		json_array_append_new(listed, threshold_indicator_listed(doc, ind, false));
	}
	json_decref(seen);
	struct threshold_rule rule;
	if (json_array_size(errors) > before || !threshold_rule_from(doc, &rule)) {
		if (json_array_size(errors) == before)
			errors_add(errors, "", "The framework has no usable suggestion rule");
		free(ticks);
		json_decref(listed);
		return NULL;
	}
	struct threshold_outcome out;
	threshold_rule_apply(&rule, ticks, count, &out);
	free(ticks);

	json_t *drivers = json_array();
	size_t i;
	json_t *ind;
	json_array_foreach(listed, i, ind) if (json_integer_value(json_object_get(ind, "level")) ==
	                                       out.highest_ticked_level)
	{
		json_object_set_new(ind, "driving", json_true());
		json_array_append(drivers, json_object_get(ind, "id"));
	}

	const json_t *suggested = threshold_level(doc, out.suggested_level);
	const json_t *top = threshold_level(doc, out.highest_ticked_level);
	char explanation[1024];
	if (out.raised)
		snprintf(explanation, sizeof explanation,
		         "The highest level among the indicators ticked is Level %d (%s). %d of them are at "
		         "that level, "
		         "from %d domains, so the suggestion is raised one level to Level %d (%s): the "
		         "framework raises "
		         "it when at least %d indicators from at least %d domains are at the highest level "
		         "ticked, at "
		         "Level %d or above.",
		         out.highest_ticked_level, name_of(top), out.indicators_at_highest,
		         out.domains_at_highest, out.suggested_level, name_of(suggested),
		         rule.indicators_at_least, rule.domains_at_least, rule.at_or_above_level);
	else
		snprintf(
		    explanation, sizeof explanation,
		    "The highest level among the indicators ticked is Level %d (%s), with %d indicator%s at "
		    "that "
		    "level from %d domain%s. It is not raised: the framework raises it only when at least %d "
		    "indicators from at least %d domains are at the highest level ticked, at Level %d or "
		    "above, "
		    "and never above Level %d.",
		    out.highest_ticked_level, name_of(top), out.indicators_at_highest,
		    out.indicators_at_highest == 1 ? "" : "s", out.domains_at_highest,
		    out.domains_at_highest == 1 ? "" : "s", rule.indicators_at_least, rule.domains_at_least,
		    rule.at_or_above_level, rule.highest_level);
	json_t *basis =
	    json_pack("{s:i, s:i, s:i, s:b, s:o, s:O, s:s}", "highest_ticked_level", out.highest_ticked_level,
	              "indicators_at_highest_level", out.indicators_at_highest, "domains_at_highest_level",
	              out.domains_at_highest, "raised", out.raised, "driving_indicators", drivers, "rule",
	              json_object_get(doc, "suggestion_rule"), "explanation", explanation);
	return json_pack("{s:o, s:o, s:o, s:{s:s, s:s}, s:o}", "suggested_level", level_summary(suggested),
	                 "basis", basis, "local_route",
	                 threshold_local_route(doc, la_code, out.suggested_level), "age_band", "id", age_band,
	                 "name", name_of(band), "indicators", listed);
}

bool threshold_prompts_neglect(const json_t *indicators)
{
	size_t i, j;
	const json_t *ind, *tag;
	json_array_foreach(indicators, i, ind)
	{
		if (json_integer_value(json_object_get(ind, "level")) < THRESHOLD_NEGLECT_PROMPT_LEVEL)
			continue;
		json_array_foreach(json_object_get(ind, "tags"), j, tag)
		{
			if (json_is_string(tag) && strcmp(json_string_value(tag), "neglect") == 0)
				return true;
		}
	}
	return false;
}
