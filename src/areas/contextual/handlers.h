/*
 * handlers.h (contextual) — the handlers area.c's route table names from the
 * area's other files (one file per subject), the tasks and chronology
 * entries each subject adds, and the bound their forms put on a record number.
 */
#ifndef HAVEN_AREAS_CONTEXTUAL_HANDLERS_H
#define HAVEN_AREAS_CONTEXTUAL_HANDLERS_H

#include <jansson.h>

#include "app/area.h"
#include "router/router.h"

/* The largest record number a form may name (a child, an agency): beyond any register, short of overflow. */
#define CONTEXTUAL_MAX_ID 999999999999LL

/* missing.c: missing episodes reported, listed and shown, the repeat-missing rule; missing_figures.c: the
 * figures */
route_handler contextual_list_episodes;
route_handler contextual_new_episode_form;
route_handler contextual_create_episode_form;
route_handler contextual_create_episode_api;
route_handler contextual_show_episode;
route_handler contextual_show_figures;
/* What the area publishes for the days [from, to] (app/figures.h): missing episodes by local authority. */
enum haven_status contextual_missing_published(const char *from, const char *to, json_t *sections);
/* What the area publishes (app/area.h .figures): the missing episodes, then child exploitation. */
enum haven_status contextual_published(const char *from, const char *to, json_t *sections);
route_handler contextual_figures_redisplay;
route_handler contextual_show_repeat_rule;
route_handler contextual_save_repeat_rule;
extern const struct field_spec contextual_episode_form_fields[], contextual_episode_api_fields[],
    contextual_settings_fields[], contextual_episode_list_query[], contextual_figures_query[];

/* returns.c: an episode's return and its return home interview */
route_handler contextual_post_return;
route_handler contextual_post_interview;
extern const struct field_spec contextual_return_fields[], contextual_interview_fields[];
/* The return home interviews waiting for `user`'s agency (a local authority's), appended to `tasks`. */
enum haven_status contextual_interview_tasks(const struct user *user, json_t *tasks);

/* placing.c: the placing authority told of a child it placed who is missing */
route_handler contextual_post_placing_told;
extern const struct field_spec contextual_placing_told_fields[];
/* The episodes of children `user`'s agency (a local authority) placed, not yet recorded as told, to `tasks`.
 */
enum haven_status contextual_placing_tasks(const struct user *user, json_t *tasks);

/* The area's kinds of event in a child's chronology (app/chronology.h; chronology_sqlite.c), ended by {0}. */
extern const struct chronology_kind contextual_chronology[];
/* What it holds about a child, for a subject access request's pack. */
extern const struct subject_access_table contextual_subject_access[];
/*
 * The words of chronology events (app/chronology.h, a kind's `text`) that come from C: a missing episode
 * as reported, with its risk grading's label; a MACE meeting the child was discussed at, with the agenda's
 * detail, its dates in words.
 */
void contextual_missing_chronology_text(json_t *episode, char *text, size_t size);
void contextual_mace_chronology_text(json_t *meeting, char *text, size_t size);

/* screenings.c: a child's screenings (the change over time) and the form, a new screening, one screening */
route_handler contextual_child_screenings_page;
route_handler contextual_create_screening;
route_handler contextual_show_screening;
extern const struct field_spec contextual_screening_fields[];

/* Screening reviews due within a fortnight (or overdue) for `user`'s agency, appended to `tasks`. */
enum haven_status contextual_screening_tasks(const struct user *user, json_t *tasks);

/* nrm.c: a National Referral Mechanism referral of a child, one referral, its decisions */
route_handler contextual_create_nrm;
route_handler contextual_show_nrm;
route_handler contextual_decide_nrm;
extern const struct field_spec contextual_nrm_fields[], contextual_nrm_decision_fields[];
/* The decision form's choices in `model`: those in `in`, else `so_far`'s (NULL for a new referral). */
void contextual_nrm_choices(json_t *model, const json_t *in, const json_t *so_far);
/* nrm.c: a young person's move to adult services */
route_handler contextual_create_transition;
extern const struct field_spec contextual_transition_fields[];

/* contexts.c: places and groups (/contexts), persons of concern (/persons-of-concern), and the network
 * view on each one's page */
route_handler contextual_list_contexts;
route_handler contextual_create_context;
route_handler contextual_show_context;
route_handler contextual_list_persons;
route_handler contextual_create_person;
route_handler contextual_show_person;
route_handler contextual_child_network;
extern const struct field_spec contextual_context_fields[], contextual_person_fields[],
    contextual_context_list_query[];
/* context_disruptions.c: disruption activity against a place or a person of concern */
route_handler contextual_disrupt_context;
route_handler contextual_disrupt_person;
extern const struct field_spec contextual_disruption_fields[];
/* contexts.c: a context's details corrected, it ended (once confirmed) or reopened, each with a reason */
route_handler contextual_edit_context;
route_handler contextual_edit_person;
route_handler contextual_end_context;
route_handler contextual_end_person;
route_handler contextual_reopen_context;
route_handler contextual_reopen_person;
extern const struct field_spec contextual_context_edit_fields[], contextual_context_end_fields[],
    contextual_context_reopen_fields[];
/* context_links.c: a child linked to a place, group or person of concern, and the link changed or ended
 * with a reason */
route_handler contextual_link_context;
route_handler contextual_link_person;
route_handler contextual_change_context_link;
route_handler contextual_end_context_link;
route_handler contextual_change_person_link;
route_handler contextual_end_person_link;
extern const struct field_spec contextual_link_fields[], contextual_link_change_fields[],
    contextual_link_end_fields[];

/* strategy.c: the strategy discussion the repeat-missing rule prompts, recorded from the episode's page */
route_handler contextual_post_strategy;
extern const struct field_spec contextual_strategy_fields[];
/* Adds to the episode page's `model` (the episode the path names) the discussions answering its prompt,
 * whether one is still due, and whether the user may record it (with the agencies to choose from). */
enum haven_status contextual_strategy_model(const struct request *req, json_t *model);
/* The strategy discussions due in `user`'s agency's area (a local authority's), to `tasks`: one for each
 * child whose last episode meets the repeat-missing rule with no discussion held since. */
enum haven_status contextual_strategy_tasks(const struct user *user, json_t *tasks);

/* mace.c: MACE meetings: the list and the form to set one up, one meeting with its agenda, attendance,
 * decisions and actions, and an action's status */
route_handler contextual_mace_list_page;
route_handler contextual_mace_create;
route_handler contextual_mace_show;
route_handler contextual_mace_attendance;
route_handler contextual_mace_add_action;
route_handler contextual_mace_set_action_status;
route_handler contextual_mace_action_meeting;
extern const struct field_spec contextual_mace_list_query[], contextual_mace_fields[],
    contextual_mace_attendance_fields[], contextual_mace_action_fields[], contextual_mace_status_fields[];
/* The open actions `user`'s agency owns, appended to `tasks`. */
enum haven_status contextual_mace_tasks(const struct user *user, json_t *tasks);

/* commands.c: `haven import exploitation-tool` */
extern const struct command contextual_commands[];

#endif
