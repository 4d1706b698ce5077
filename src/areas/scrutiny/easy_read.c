/*
 * easy_read.c (scrutiny) — the annual report in Easy Read (issue 20): short
 * sentences, one idea to a line, a picture beside each point, large type,
 * and the same figures as the full report, with the same words for small
 * numbers ("fewer than 5"): each figure is copied from the report's model,
 * never counted again. Each area's section gets a few plain sentences saying
 * what that work is; an area this file does not know gets a plain heading.
 * The pictures are the project's own SVG drawings
 * (templates/easy_read_picture.mustache). Nothing in it changes with the
 * moment it is made, so the same data gives the same bytes.
 */
#include <string.h>

#include "areas/scrutiny/handlers.h"
#include "areas/scrutiny/report.h"
#include "core/suppress.h"

/* What Easy Read says about a section, found by its action's area ("review." of "review.figures"). */
struct easy_words {
	const char *area;    /* the start of the section's action; NULL: any other section */
	const char *picture; /* its picture's name (easy_read_picture.mustache) */
	const char *heading; /* NULL: the section's own title */
	const char *const lines[4];
};

static const struct easy_words easy_sections[] = {
    {"review.",
     "review",
     "When a child is badly hurt",
     {"Sometimes a child is badly hurt or dies.", "We look at what happened.",
      "We learn how to keep children safer.", NULL}},
    {"training.",
     "training",
     "Training",
     {"We teach people who work with children.", "They learn how to keep children safe.", NULL}},
    {"threshold.",
     "levels",
     "How much help a child needs",
     {"Some children need more help than others.",
      "People who work with children decide how much help a child needs.",
      "The more help a child needs, the higher the level.", NULL}},
    {"provide.",
     "home",
     "Domestic abuse",
     {"Some children live with domestic abuse at home.", "We help these children and their families.", NULL}},
    {"qa.",
     "check",
     "Checking our work",
     {"We check how well each agency keeps children safe.", "Agencies tell us what they do well.",
      "They tell us what they must do better.", NULL}},
    {"plan.",
     "plan",
     "Our plans",
     {"We make plans to do better.", "We check that the plans get done.", NULL}},
    {"challenge.",
     "question",
     "Hard questions",
     {"The Independent Scrutineer checks our work.", "They ask agencies hard questions.",
      "The agencies must answer.", NULL}},
    {NULL, "chart", NULL, {"These are the numbers for this part of our work.", NULL}},
};

static const struct easy_words *words_for(const char *action)
{
	const struct easy_words *w = easy_sections;
	while (w->area && !(action && strncmp(action, w->area, strlen(w->area)) == 0))
		w++;
	return w;
}

/* A point: a picture beside its lines. */
static json_t *point(const char *picture, const char *const *lines)
{
	json_t *shown = json_array();
	for (; *lines; lines++)
		json_array_append_new(shown, json_string(*lines));
	return json_pack("{s:{s:b}, s:o}", "picture", picture, true, "lines", shown);
}

/* One section of the report in Easy Read: its heading, what the work is, and each of its figures. */
static json_t *easy_section(const json_t *section)
{
	const struct easy_words *w = words_for(field_text(section, "action"));
	json_t *figures = json_array();
	size_t i;
	const json_t *figure;
	json_array_foreach(json_object_get(section, "figures"), i, figure) json_array_append_new(
	    figures, json_pack("{s:s, s:s, s:{s:b}}", "label", field_text(figure, "label"), "shown",
	                       field_text(figure, "shown"), "picture", "number", true));
	/* a table's grand total, as published, where the table names it (figures_table_total_label) */
	const json_t *table;
	json_array_foreach(json_object_get(section, "tables"), i, table)
	{
		const json_t *total = json_object_get(json_object_get(table, "totals"), "total");
		if (field_text(table, "total_label") && total)
			json_array_append_new(figures, json_pack("{s:s, s:s, s:{s:b}}", "label",
			                                         field_text(table, "total_label"), "shown",
			                                         field_text(total, "shown"), "picture",
			                                         "number", true));
	}
	return json_pack(
	    "{s:s, s:s, s:o, s:o}", "heading", w->heading ? w->heading : field_text(section, "title"),
	    "title", field_text(section, "title"), "about", point(w->picture, w->lines), "figures", figures);
}

json_t *scrutiny_easy_read_model(const json_t *report)
{
	char when[160];
	snprintf(when, sizeof when, "It is about %s to %s.", field_text(report, "from_words"),
	         field_text(report, "to_words"));
	const char *const about[] = {"This report is about how we keep children safe.", when, NULL};
	const char *const small[] = {"Sometimes only a few people are in a number.",
	                             "Then we write \"fewer than 5\".", "Sometimes we write \"not shown\".",
	                             "This keeps people private.", NULL};
	const json_t *statement = json_object_get(report, "statement");
	bool written = json_is_true(json_object_get(statement, "written"));
	const char *const scrutineer[] = {
	    "The Independent Scrutineer checks our work.",
	    written ? "They wrote about our work this year." : "They have not written about this year yet.",
	    written ? "You can read what they wrote in the full report." : NULL, NULL};
	json_t *sections = json_array();
	size_t i;
	const json_t *section;
	json_array_foreach(json_object_get(report, "sections"), i, section)
	    json_array_append_new(sections, easy_section(section));
	char title[80];
	snprintf(title, sizeof title, "%s in Easy Read", field_text(report, "title"));
	return json_pack("{s:s, s:s, s:s, s:s, s:[o, o], s:o, s:o, s:b}", "title", title, "report_title",
	                 field_text(report, "title"), "year", field_text(report, "year"), "suppressed_words",
	                 SUPPRESS_WORDS, "about", point("calendar", about), point("lock", small), "sections",
	                 sections, "statement", point("statement", scrutineer), "statement_written", written);
}

enum haven_status scrutiny_report_easy_read(struct request *req, struct response *res)
{
	char year[SCRUTINY_YEAR_NAME_SIZE];
	struct period period;
	json_t *report = NULL;
	enum haven_status st = scrutiny_requested_report(req, res, year, &period, &report);
	if (st != HAVEN_OK || !report)
		return st;
	json_t *model = scrutiny_easy_read_model(report);
	json_decref(report);
	scrutiny_year_link(model, "full_link", "/reports/annual", year);
	response_set_model(res, model);
	return HAVEN_OK;
}
