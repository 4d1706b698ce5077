-- 0064_strategy_discussions.sql — strategy discussions recorded when the
-- repeat-missing rule flags a child: when it was held, the agencies
-- present, what was decided and the next steps. A discussion held on or
-- after an episode's report clears that episode's prompt.

CREATE TABLE strategy_discussions (
	id INTEGER PRIMARY KEY,
	episode_id INTEGER NOT NULL REFERENCES missing_episodes (id),   -- the episode whose prompt led to it
	child_id INTEGER REFERENCES children (id),   -- the episode's register child (NULL: it was not matched)
	held_on TEXT NOT NULL,                 -- YYYY-MM-DD, England's date
	decision TEXT NOT NULL,
	next_steps TEXT NOT NULL,
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	user_id INTEGER NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX strategy_discussions_by_child ON strategy_discussions (child_id, held_on) WHERE child_id IS NOT NULL;
CREATE INDEX strategy_discussions_by_episode ON strategy_discussions (episode_id);

CREATE TABLE strategy_discussion_agencies (
	discussion_id INTEGER NOT NULL REFERENCES strategy_discussions (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	PRIMARY KEY (discussion_id, agency_id)
) STRICT;
