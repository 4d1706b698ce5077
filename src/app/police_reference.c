/*
 * police_reference.c — what a police reference may look like, and how a
 * batch from the police names its records (police_reference.h).
 */
#include "app/police_reference.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

bool police_reference_ok(const char *text)
{
	size_t n = strlen(text);
	if (n == 0 || n > POLICE_REFERENCE_MAX)
		return false;
	for (const char *p = text; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '/' || *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

void police_batch_label(const char *noun, const json_t *raw, size_t index, char *out, size_t size)
{
	const char *ref = json_string_value(json_object_get(raw, "police_reference"));
	if (ref && police_reference_ok(ref))
		snprintf(out, size, "%s %zu (%s): ", noun, index + 1, ref);
	else
		snprintf(out, size, "%s %zu: ", noun, index + 1);
}
