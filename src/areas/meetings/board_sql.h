/*
 * board_sql.h (meetings) — the meetings area's rule of "a board meeting that counts" as SQL, for the stores
 * that read a meeting in their own statements: scrutiny's (whether an escalated challenge is before the
 * board, in its read, its task list and placing) and the meetings store's own (which agenda an item another
 * area withdraws may leave). A macro, not a function, because scrutiny's task list needs the rule inside
 * its query; the rule itself lives here, with the area that owns the meetings.
 */
#ifndef HAVEN_AREAS_MEETINGS_BOARD_SQL_H
#define HAVEN_AREAS_MEETINGS_BOARD_SQL_H

/*
 * Whether meeting `m` (an alias of `meetings`) counts, England's date being `today` (a parameter, "?2",
 * say): held (what was on its agenda was before the board), or planned for today or later. A meeting
 * cancelled takes its agenda with it; so does one whose day has passed without its being marked held,
 * lest a matter wait for a meeting that is not to come.
 */
#define MEETINGS_BOARD_MEETING_COUNTS(m, today)                                                              \
	"(" m ".status = 'held' OR (" m ".status = 'planned' AND " m ".held_on >= " today "))"

#endif
