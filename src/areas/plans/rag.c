/*
 * rag.c (plans) — the one rule deriving an action plan's red, amber and
 * green status from dates and evidence (rag.h says it in a table).
 */
#include "areas/plans/rag.h"

enum rag rag_of_action(int32_t due, int32_t today, bool done, bool evidence)
{
	if (done)
		return evidence ? RAG_GREEN : RAG_RED; /* done is what the evidence shows, not what is said */
	int32_t late = today - due;
	if (late >= RAG_WINDOW_DAYS)
		return RAG_RED;
	if (late > 0)
		return RAG_AMBER;
	if (-late <= RAG_WINDOW_DAYS)
		return evidence ? RAG_GREEN
		                : RAG_AMBER; /* near its date: on track only if progress is shown */
	return RAG_GREEN;
}

enum rag rag_worse(enum rag a, enum rag b)
{
	return a > b ? a : b;
}

const char *rag_key(enum rag rag)
{
	switch (rag) {
	case RAG_GREEN: return "green";
	case RAG_AMBER: return "amber";
	case RAG_RED: return "red";
	case RAG_NONE: break;
	}
	return "none";
}
