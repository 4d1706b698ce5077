-- 0086_qa_return_standards.sql — each standard of each return as a record of
-- its own (record type "qa_return_standard"), so that documents can be
-- attached to it as evidence (areas/documents/attach.h). One row per return
-- and standard of its cycle's version, made when the cycle opens; the
-- returns of cycles opened before this get theirs here.
CREATE TABLE qa_return_standards (
	id INTEGER PRIMARY KEY,
	return_id INTEGER NOT NULL REFERENCES qa_returns (id),
	standard_id TEXT NOT NULL,
	UNIQUE (return_id, standard_id)
) STRICT;

INSERT INTO qa_return_standards (return_id, standard_id)
	SELECT r.id, json_extract(s.value, '$.id')
	FROM qa_returns r
	JOIN qa_cycles c ON c.id = r.cycle_id
	JOIN qa_standard_sets d ON d.id = c.standard_set_id, json_each(d.document, '$.standards') s
	ORDER BY r.id, s.key;
