/*
 * assemble.h — gathers what the areas declare into the core's registries.
 *
 * Each area declares its access rules and its kinds of record next to its
 * routes (app/area.h); before Haven decides anything, areas_assemble adds
 * them all to the access policy and the record registry, refusing an action
 * or a record type two areas claim, or a rule that names what no area
 * declares. Every command that serves, lists routes or decides access calls
 * it first.
 */
#ifndef HAVEN_APP_ASSEMBLE_H
#define HAVEN_APP_ASSEMBLE_H

#include "core/status.h"

/* Gathers every area's rules and records once (later calls do nothing); *err malloc'd on failure. */
enum haven_status areas_assemble(char **err) HAVEN_MUST_CHECK;

#endif
