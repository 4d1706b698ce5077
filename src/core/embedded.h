/*
 * embedded.h — files built into the haven binary (migrations, templates,
 * static assets), so that it runs from any directory with nothing beside it.
 *
 * The table is generated at build time by cmake/embed.cmake; names are
 * "migrations/0001_core.sql", "templates/page/start.mustache",
 * "assets/haven.css" and so on. Each file's data is NUL-terminated.
 */
#ifndef HAVEN_CORE_EMBEDDED_H
#define HAVEN_CORE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const char *data;
	size_t size;
};

/* The generated table, ended by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The file with exactly this name, or NULL. Borrowed, static lifetime. */
const struct embedded_file *embedded_find(const char *name);

#endif
