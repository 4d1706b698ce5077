/*
 * records.c — the record types areas declare, gathered once (see records.h).
 */
#include "auth/records.h"

#include "core/buf.h"
#include "core/owned_names.h"

static struct owned_names known;

enum haven_status records_add(const char *owner, const struct record_type *types, char **err)
{
	for (const struct record_type *t = types; t && t->name; t++) {
		const struct owned_name *taken = owned_names_find(&known, t->name);
		if (taken) {
			struct buf b = BUF_INIT;
			buf_printf(&b,
			           "the %s area declares record type %s, which the %s area already declares",
			           owner, t->name, taken->owner);
			*err = buf_steal(&b, NULL);
			return HAVEN_ERR_INVALID;
		}
		if (!t->children !=
		    !t->children_insert) { /* set together by RECORD_CHILDREN_OF, or neither */
			struct buf b = BUF_INIT;
			buf_printf(
			    &b,
			    "the %s area's record type %s names its children without RECORD_CHILDREN_OF, so "
			    "the audit trail cannot write them",
			    owner, t->name);
			*err = buf_steal(&b, NULL);
			return HAVEN_ERR_INVALID;
		}
		owned_names_add(&known, t->name, t, owner);
	}
	return HAVEN_OK;
}

const struct record_type *records_find(const char *name)
{
	const struct owned_name *type = owned_names_find(&known, name);
	return type ? type->item : NULL;
}

const struct record_type *records_at(size_t i, const char **owner)
{
	if (i >= known.count)
		return NULL;
	*owner = known.all[i].owner;
	return known.all[i].item;
}

void records_clear(void)
{
	owned_names_clear(&known);
}
