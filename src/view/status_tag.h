/*
 * status_tag.h — the one way an area says how a status looks: a table of
 * its statuses, each with the words people read and the GOV.UK Frontend tag
 * colour, so a list and a record page show a status the same way and the
 * API gives the same words. The text says it all; the colour only repeats
 * it (GOV.UK's advice for tags).
 *
 * An area writes a table ended by {0}:
 *
 *     static const struct status_tag referral_statuses[] = {
 *         {"new", "New", "govuk-tag--red"}, {"closed", "Closed", "govuk-tag--grey"}, {0}};
 *
 * decides which status a record is in (its rule, the area's), and calls
 * status_tag_set(record, status_tag_find(referral_statuses, status)). The
 * same table is the choices of the form field that sets the status
 * (STATUS_TAG_FIELD_CHOICES), so the statuses are listed once.
 */
#ifndef HAVEN_VIEW_STATUS_TAG_H
#define HAVEN_VIEW_STATUS_TAG_H

#include <jansson.h>

struct status_tag {
	const char *status; /* the value in the data and the API: "overdue" */
	const char *label;  /* the words on the page: "Overdue" */
	const char *tag;    /* the GOV.UK Frontend modifier class: "govuk-tag--red" */
};

/* The entry of `table` (ended by an entry whose status is NULL) for `status`; NULL if none (or status NULL).
 */
const struct status_tag *status_tag_find(const struct status_tag *table, const char *status);

/*
 * Sets `record`'s "status", "status_label" and "status_tag" from `entry`;
 * with `entry` NULL (a status the table lacks) sets nothing.
 */
void status_tag_set(json_t *record, const struct status_tag *entry);

/*
 * The statuses of `table` as the radio buttons of field `name`, in the table's order: a new array of
 * {id, value, label, checked} made by chosen_option_radio (view/chosen_option.h: the first radio's
 * id is the field's name), checked for the one equal to `chosen` (none when `chosen` is NULL).
 */
json_t *status_tag_choices(const char *name, const struct status_tag *table, const char *chosen);

/*
 * A FIELD_CHOICE field spec's choices (router/fields.h) as the statuses of `table` (an array, not a pointer):
 *
 *     {.name = "status", .label = "the status", .type = FIELD_CHOICE, STATUS_TAG_FIELD_CHOICES(statuses)},
 */
#define STATUS_TAG_FIELD_CHOICES(table) .choices = &(table)[0].status, .choice_stride = sizeof(table)[0]

#endif
