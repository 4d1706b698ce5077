/*
 * easy_read.c (scrutiny) — the annual report in Easy Read (issue 20): short
 * sentences, one idea to a line, a picture beside each point, large type,
 * and the same figures as the full report, with the same words for small
 * numbers ("fewer than 5"): each figure is copied from the report's model,
 * never counted again. Each area's section gets a few plain sentences saying
 * what that work is, and its figures in plain words (each keeps the full
 * report's label beside it, "report_label"), a table's totals too where the
 * section shows them in no figure; an area this file does not know gets a
 * plain heading.
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
	const char *const lines[5];
};

static const struct easy_words easy_sections[] = {
    {"missing.",
     "missing",
     "Children who go missing",
     {"Some children run away or go missing from home or care.", "The police look for them.",
      "When a child comes back, someone talks with them.", NULL}},
    {"screening.",
     "shield",
     "Keeping children safe outside their home",
     {"Some adults harm children outside their home.", "They may make children do crimes.",
      "We check how much danger a child is in.", NULL}},
    {"encompass.",
     "school",
     "Telling schools about abuse at home",
     {"The police may go to a home because of domestic abuse.",
      "Domestic abuse is when someone at home is hurt or bullied.", "The police tell the child's school.",
      NULL}},
    {"review.",
     "review",
     "When a child is badly hurt",
     {"Sometimes a child is badly hurt or dies.", "We look at what happened.",
      "We learn how to keep children safer.", "We write short guides about what we learnt.", NULL}},
    {"meeting.",
     "meeting",
     "Our leaders' meetings",
     {"The leaders of the agencies meet together.", "An agency is a group like the police or a school.",
      "They check that our work gets done.", NULL}},
    {"neglect.",
     "care",
     "When children are not looked after",
     {"Neglect is when a child does not get what they need.", "This can be food, warm clothes or care.",
      "Workers check how a child is doing.", NULL}},
    {"priority.",
     "priority",
     "Our most important work",
     {"We chose the things that matter most.", "For each one, we make plans.",
      "We check that the plans get done.", NULL}},
    {"training.",
     "training",
     "Training",
     {"We teach people who work with children.", "They learn how to keep children safe.", NULL}},
    {"support.",
     "help",
     "Asking for help for a child",
     {"Anyone can ask for help for a child.", "We decide quickly what help the child needs.", NULL}},
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

/*
 * A figure's words in Easy Read, by what the full report calls it: a
 * figure's label, a table's total_label, "CAPTION|COLUMN" for a column's
 * total, or "CAPTION|ROW" for a row's total (its one count where the table
 * has one column). A table's column and row are shown only when named here;
 * a figure's own label stays where this has no plainer words.
 */
static const char *const plain_words[][2] = {
    /* missing */
    {"Missing episodes, by local authority|Episodes", "Times children went missing"},
    {"Missing episodes, by local authority|Children", "Children who went missing"},
    {"Missing episodes, by local authority|Children missing repeatedly",
     "Children who went missing many times"},
    {"Missing episodes, by local authority|Returned", "Times children came back"},
    /* exploitation */
    {"Referrals to the National Referral Mechanism",
     "Times we told the government a child may be a slavery victim"},
    {"Multi-agency child exploitation (MACE) meetings about children", "Meetings about children in danger"},
    {"MACE meetings about places and people of concern",
     "Meetings about places and people that are a danger"},
    {"Exploitation screenings", "Checks of how much danger a child is in"},
    {"Exploitation screenings, by the risk judged|High", "Checks that found a lot of danger"},
    {"Exploitation screenings, by the risk judged|Medium", "Checks that found some danger"},
    {"Exploitation screenings, by the risk judged|Low", "Checks that found a little danger"},
    {"National Referral Mechanism decisions", "Answers from the government about a child"},
    /* Operation Encompass */
    {"Incidents and notifications, by local authority|Incidents", "Times the police went to a home"},
    {"Incidents and notifications, by local authority|Children's schools told", "Times a school was told"},
    {"Incidents and notifications, by local authority|Told before the next school day",
     "Times a school was told before the next school day"},
    {"Incidents and notifications, by local authority|Acknowledged by the school",
     "Times a school said it got the message"},
    /* reviews */
    {"Serious incidents notified to the national panel", "Children who died or were badly hurt"},
    {"Rapid review meetings", "Quick meetings to look at what happened"},
    {"Local child safeguarding practice reviews commissioned", "Big reviews we started"},
    {"Local child safeguarding practice reviews published", "Big reviews we finished and shared"},
    {"Local child safeguarding practice reviews ongoing", "Big reviews still going on"},
    {"Actions from reviews completed", "Things we said we would do that are done"},
    {"Actions from reviews overdue", "Things we said we would do that are late"},
    {"Actions from reviews completed with their impact recorded",
     "Things done where we wrote down what changed"},
    {"Briefings on the learning from reviews published", "Short guides about what we learnt"},
    /* board meetings */
    {"Board meetings held", "Meetings of our leaders"},
    /* neglect */
    {"Neglect assessments, by local authority|Assessments finished", "Checks on children that were finished"},
    {"Neglect assessments, by local authority|Children assessed", "Children who were checked"},
    {"Neglect assessments, by local authority|Children assessed again", "Children who were checked again"},
    {"Neglect assessments, by local authority|Improving", "Children doing better when checked again"},
    /* priorities */
    {"Actions in our plans for our priorities", "Things in the plans for our most important work"},
    {"Actions in the priorities' plans, by progress|Done", "Things that are done"},
    {"Actions in the priorities' plans, by progress|On track", "Things going as planned"},
    {"Actions in the priorities' plans, by progress|Overdue", "Things that are late"},
    {"Actions done with their impact recorded, by priority|Done with their impact recorded",
     "Things done where we wrote down what changed"},
    /* Operation Provide */
    {"Victims referred, by local authority|Victims referred to an IDVA service",
     "Adults hurt at home we sent to a support worker"},
    {"Victims referred, by local authority|Contact made", "Adults the support worker talked to"},
    {"Victims referred, by local authority|Engaged", "Adults who took the help"},
    {"Victims referred, by local authority|Made safer", "Adults who are safer now"},
    /* requests for support */
    {"Requests for support, by local authority|Requests received",
     "Times someone asked for help for a child"},
    {"Requests for support, by local authority|Decided by the next working day",
     "Times we decided by the next working day"},
    {"Requests for support, by local authority|Early help", "Times a family got help early"},
    {"Requests for support, by local authority|Assessment (section 17)",
     "Times a social worker looked at what a child needs"},
    {"Requests for support, by local authority|Strategy discussion (section 47)",
     "Times workers met because a child may be harmed"},
    /* levels of need */
    {"Decisions about a child's level of need", "Decisions about how much help a child needs"},
    /* checking our work */
    {"Returns asked for", "Checks we asked agencies to fill in"},
    {"Returns submitted", "Checks agencies filled in"},
    {"Returns submitted late", "Checks filled in late"},
    {"Returns overdue", "Checks that are late and not filled in"},
    {"Standards rated green", "Things agencies do well"},
    {"Standards rated amber", "Things agencies must do better"},
    {"Standards rated red", "Things agencies must put right now"},
    {"Actions in action plans", "Things agencies said they would do"},
    {"Actions complete", "Things agencies have done"},
    {"Actions in progress", "Things agencies are doing now"},
    {"Actions not started", "Things agencies have not started"},
    {"Actions overdue", "Things agencies are late with"},
    /* our plans */
    {"Action plans with actions in the period", "Plans we worked on"},
    {"Actions red at the end of the period", "Things in our plans that are going badly"},
    {"Actions amber at the end of the period", "Things in our plans that need care"},
    {"Actions green at the end of the period", "Things in our plans that are going well"},
    {"Actions done", "Things in our plans that are done"},
    {"Actions done with their impact recorded", "Things done where we wrote down what changed"},
    /* hard questions */
    {"Challenges raised", "Hard questions asked"},
    {"Responses received", "Answers given"},
    {"Responses escalated to the board", "Answers our leaders had to look at"},
    {"Responses accepted", "Answers the Scrutineer was happy with"},
    {"Challenges awaiting a response at the end of the period", "Questions still waiting for an answer"},
    /* training */
    {"Training sessions held", "Training sessions"},
    {"Attendances", "Times people came to training"},
    {"Practitioners trained", "Workers who came to training"},
    {NULL, NULL},
};

/* The plain words for `key` (see plain_words); NULL where there are none. */
static const char *plain_for(const char *key)
{
	for (size_t i = 0; key && plain_words[i][0]; i++)
		if (strcmp(plain_words[i][0], key) == 0)
			return plain_words[i][1];
	return NULL;
}

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

/*
 * Adds a figure as published (`cell`: {shown}) under `plain`, its plain
 * words, keeping `label`, the full report's words for it, as
 * "report_label" so each can be traced to it. Nothing without a cell.
 */
static void add_figure(json_t *figures, const char *label, const char *plain, const json_t *cell)
{
	if (!cell || !label || !plain)
		return;
	json_array_append_new(figures,
	                      json_pack("{s:s, s:s, s:s, s:{s:b}}", "label", plain, "report_label", label,
	                                "shown", field_text(cell, "shown"), "picture", "number", true));
}

/* The tables whose every row's total Easy Read shows, and the words before a row's label. */
static const char *const each_row[][2] = {
    {"Actions in the priorities' plans, by progress", "Things in our plans about "},
    {NULL, NULL},
};

/*
 * A table's figures in Easy Read, each as the full report publishes it:
 * its grand total where the table names it (figures_table_total_label; a
 * table of one column, its column's total), then each column's total and
 * each row's that has plain words (each_row: every row's).
 */
static void add_table_figures(json_t *figures, const json_t *table)
{
	const json_t *totals = json_object_get(table, "totals"), *columns = json_object_get(table, "columns");
	const json_t *grand = json_object_get(totals, "total");
	if (!grand && json_array_size(columns) == 1)
		grand = json_array_get(json_object_get(totals, "cells"), 0);
	const char *total_label = field_text(table, "total_label");
	add_figure(figures, total_label, plain_for(total_label) ? plain_for(total_label) : total_label,
	           grand);
	const char *caption = field_text(table, "caption"), *rows_words = NULL;
	for (size_t i = 0; caption && each_row[i][0]; i++)
		if (strcmp(each_row[i][0], caption) == 0)
			rows_words = each_row[i][1];
	char key[256], words[256];
	size_t i;
	const json_t *column, *row;
	json_array_foreach(columns, i, column)
	{
		snprintf(key, sizeof key, "%s|%s", caption, json_string_value(column));
		add_figure(figures, key, plain_for(key), json_array_get(json_object_get(totals, "cells"), i));
	}
	json_array_foreach(json_object_get(table, "rows"), i, row)
	{
		snprintf(key, sizeof key, "%s|%s", caption, field_text(row, "label"));
		const char *plain = plain_for(key);
		if (!plain && rows_words) {
			snprintf(words, sizeof words, "%s%s", rows_words, field_text(row, "label"));
			plain = words;
		}
		const json_t *cell = json_object_get(row, "total");
		add_figure(figures, key, plain,
		           cell ? cell : json_array_get(json_object_get(row, "cells"), 0));
	}
}

/* One section of the report in Easy Read: its heading, what the work is, and each of its figures. */
static json_t *easy_section(const json_t *section)
{
	const struct easy_words *w = words_for(field_text(section, "action"));
	json_t *figures = json_array();
	size_t i;
	const json_t *figure, *table;
	json_array_foreach(json_object_get(section, "figures"), i, figure)
	{
		const char *label = field_text(figure, "label");
		add_figure(figures, label, plain_for(label) ? plain_for(label) : label, figure);
	}
	json_array_foreach(json_object_get(section, "tables"), i, table) add_table_figures(figures, table);
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
	/* the statement is the scrutineer's own words: shown as written, never put in other words */
	const char *const scrutineer[] = {
	    "The Independent Scrutineer checks our work.",
	    written ? "They wrote about our work this year." : "They have not written about this year yet.",
	    written ? "This is what they wrote, in their own words." : NULL, NULL};
	json_t *words =
	    written ? json_pack("{s:b, s:O}", "draft", json_is_true(json_object_get(statement, "draft")),
	                        "paragraphs", json_object_get(statement, "paragraphs"))
	            : json_null();
	json_t *sections = json_array();
	size_t i;
	const json_t *section;
	json_array_foreach(json_object_get(report, "sections"), i, section)
	    json_array_append_new(sections, easy_section(section));
	char title[80];
	snprintf(title, sizeof title, "%s in Easy Read", field_text(report, "title"));
	return json_pack("{s:s, s:s, s:s, s:s, s:[o, o], s:o, s:o, s:b, s:o}", "title", title, "report_title",
	                 field_text(report, "title"), "year", field_text(report, "year"), "suppressed_words",
	                 SUPPRESS_WORDS, "about", point("calendar", about), point("lock", small), "sections",
	                 sections, "statement", point("statement", scrutineer), "statement_written", written,
	                 "statement_words", words);
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
