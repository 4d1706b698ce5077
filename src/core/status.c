/*
 * status.c — names for the project-wide status enum.
 */
#include "core/status.h"

const char *haven_status_name(enum haven_status status)
{
	switch (status) {
	case HAVEN_OK: return "ok";
	case HAVEN_ERR_INVALID: return "invalid input";
	case HAVEN_ERR_NOT_FOUND: return "not found";
	case HAVEN_ERR_CONFLICT: return "conflict";
	case HAVEN_ERR_TOO_LARGE: return "too large";
	case HAVEN_ERR_DENIED: return "denied";
	case HAVEN_ERR_IO: return "input/output error";
	case HAVEN_ERR_DB: return "database error";
	case HAVEN_ERR_VERSION: return "database version mismatch";
	case HAVEN_ERR_INTERNAL: return "internal error";
	case HAVEN_ERR_BUSY: return "busy";
	}
	return "unknown status";
}
