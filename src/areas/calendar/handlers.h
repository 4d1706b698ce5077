/*
 * handlers.h (calendar) — the bank holidays page and its API twin
 * (bank_holidays.c), for administrators: the dates known, and gov.uk's
 * bank-holidays.json uploaded as `haven import bank-holidays` reads it, and
 * one holiday removed (when the government moves it).
 * The routes that call them are in area.c.
 */
#ifndef HAVEN_CALENDAR_HANDLERS_H
#define HAVEN_CALENDAR_HANDLERS_H

#include "router/fields.h"
#include "router/request.h"

/* GET /admin/bank-holidays, /api/v1/bank-holidays (and the form again after errors). */
route_handler calendar_bank_holidays;
/* POST the same paths: a gov.uk bank-holidays.json file, all or nothing. */
route_handler calendar_bank_holidays_upload;
/* GET /admin/bank-holidays/{date}/remove: why the holiday is removed (and the page again after errors). */
route_handler calendar_remove_holiday_form;
/* POST the same path and /api/v1/bank-holidays/{date}/remove: a reason; a browser confirms first. */
route_handler calendar_remove_holiday_handler;
/* The reason and the confirmation the removal takes. */
extern const struct field_spec calendar_remove_holiday_fields[];

#endif
