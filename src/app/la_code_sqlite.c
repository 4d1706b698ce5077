/*
 * la_code_sqlite.c — a local authority area's code from its slug, read on the
 * reader connection (see la_code.h).
 */
#include "app/la_code.h"

#include "store/db.h"

enum haven_status la_code_of_slug(const char *slug, long long *code)
{
	return db_integer_with(db_reader(), "SELECT code FROM local_authorities WHERE slug = ?1", code,
	                       DB_TEXT(slug));
}
