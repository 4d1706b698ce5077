/*
 * published.c (meetings) — what the meetings area publishes about a period
 * (app/area.h `.figures`), for the scrutineer's dashboard and the annual
 * report: the board's meetings held in it and each agency's attendance at
 * them. Meetings are the partnership's own activities, so nothing is
 * suppressed. A meeting counts once its status is "held"; one planned or
 * cancelled does not.
 */
#include "areas/meetings/meetings.h"
#include "areas/meetings/store.h"
#include "app/figures.h"
#include "router/fields.h"

enum haven_status meetings_published(const char *from, const char *to, json_t *sections)
{
	json_t *board = NULL;
	enum haven_status st = meetings_board_attendance(from, to, &board);
	if (st != HAVEN_OK)
		return st;
	json_t *s = figures_section(sections, "Board meetings", "/meetings", "meeting.list");
	figures_add(s, "Board meetings held", field_int(board, "held"), SUPPRESS_ACTIVITIES);
	const json_t *agencies = json_object_get(board, "agencies");
	if (json_array_size(agencies)) { /* a table with no rows would be an empty sheet and chart */
		static const char *const columns[] = {"Board meetings attended", NULL};
		json_t *table = figures_table(s, "Agencies' attendance at the board's meetings held",
		                              "Agency", columns, SUPPRESS_ACTIVITIES, false, false);
		size_t i;
		const json_t *a;
		json_array_foreach(agencies, i, a)
		{
			long long present = field_int(a, "present");
			figures_table_row(table, field_text(a, "agency_name"), &present);
		}
	}
	json_decref(board);
	return HAVEN_OK;
}
