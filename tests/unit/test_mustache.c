/*
 * test_mustache.c — tests the Mustache engine against the official spec and
 * against what Haven relies on beyond it.
 *
 * Usage: test_mustache SPEC_DIR, where SPEC_DIR holds the spec's JSON files
 * (tests/unit/data/mustache-spec). Each spec file is one cmocka test; every
 * case in it is run, and each failing case is printed with its file, name,
 * expected and actual output before the test fails. The optional
 * ~dynamic-names.json is skipped when absent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "view/mustache.h"

static const char *spec_dir;

/* Named templates for a render: the spec's "partials", or a test's own. */
struct partials {
	size_t n;
	const char *names[16];
	struct mustache_template *tpls[16];
};

static const struct mustache_template *lookup(void *ctx, const char *name)
{
	const struct partials *p = ctx;
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->names[i], name) == 0)
			return p->tpls[i];
	return NULL;
}

static void partials_free(struct partials *p)
{
	for (size_t i = 0; i < p->n; i++)
		mustache_template_free(p->tpls[i]);
	p->n = 0;
}

static struct mustache_template *compile_ok(const char *src)
{
	struct mustache_template *tpl = NULL;
	char *err = NULL;
	enum haven_status st = mustache_compile(src, strlen(src), &tpl, &err);
	if (st != HAVEN_OK)
		print_error("compiling %s: %s\n", src, err ? err : "?");
	free(err);
	assert_int_equal(st, HAVEN_OK);
	assert_non_null(tpl);
	return tpl;
}

static void partials_add(struct partials *p, const char *name, const char *src)
{
	assert_true(p->n < 16);
	p->names[p->n] = name;
	p->tpls[p->n] = compile_ok(src);
	p->n++;
}

/* Renders `src` with the JSON `data` and returns the output (caller frees). */
static char *render_str(const char *src, const char *data, struct partials *p)
{
	json_error_t jerr;
	json_t *json = json_loads(data, 0, &jerr);
	assert_non_null(json);
	struct mustache_template *tpl = compile_ok(src);
	struct buf out = BUF_INIT;
	assert_int_equal(mustache_render(tpl, json, p ? lookup : NULL, p, &out), HAVEN_OK);
	mustache_template_free(tpl);
	json_decref(json);
	return buf_steal(&out, NULL);
}

static void assert_renders(const char *src, const char *data, const char *expected)
{
	char *got = render_str(src, data, NULL);
	if (strcmp(got, expected) != 0)
		print_error("template %s\n  expected: %s\n  actual:   %s\n", src, expected, got);
	assert_string_equal(got, expected);
	free(got);
}

/* ---------------------------------------------------------------------------
 * The spec
 */

struct spec_file {
	const char *name;
	bool optional;
};

static struct spec_file spec_files[] = {
    {"comments.json", false},     {"delimiters.json", false},    {"interpolation.json", false},
    {"inverted.json", false},     {"partials.json", false},      {"sections.json", false},
    {"~inheritance.json", false}, {"~dynamic-names.json", true},
};

/* Runs one spec case; returns whether it passed, printing it if not. */
static bool run_case(const char *file, json_t *test)
{
	const char *name = json_string_value(json_object_get(test, "name"));
	const char *template = json_string_value(json_object_get(test, "template"));
	const char *expected = json_string_value(json_object_get(test, "expected"));
	json_t *data = json_object_get(test, "data");
	if (!name || !template || !expected) {
		print_error("%s: malformed test\n", file);
		return false;
	}

	struct partials partials = {0};
	bool ok = true;
	const char *key;
	json_t *value;
	json_object_foreach(json_object_get(test, "partials"), key, value)
	{
		char *err = NULL;
		struct mustache_template *tpl = NULL;
		if (partials.n == 16 || mustache_compile(json_string_value(value), json_string_length(value),
		                                         &tpl, &err) != HAVEN_OK) {
			print_error("%s: \"%s\": partial %s does not compile: %s\n", file, name, key,
			            err ? err : "too many partials");
			free(err);
			ok = false;
			break;
		}
		partials.names[partials.n] = key;
		partials.tpls[partials.n++] = tpl;
	}

	struct mustache_template *tpl = NULL;
	char *err = NULL;
	if (ok && mustache_compile(template, strlen(template), &tpl, &err) != HAVEN_OK) {
		print_error("%s: \"%s\": template does not compile: %s\n", file, name, err);
		ok = false;
	}
	free(err);

	if (ok) {
		struct buf out = BUF_INIT;
		enum haven_status st = mustache_render(tpl, data, lookup, &partials, &out);
		if (st != HAVEN_OK || strcmp(buf_cstr(&out), expected) != 0) {
			print_error("%s: \"%s\" failed (status %d)\n  template: \"%s\"\n"
			            "  expected: \"%s\"\n  actual:   \"%s\"\n",
			            file, name, (int)st, template, expected, buf_cstr(&out));
			ok = false;
		}
		buf_free(&out);
	}
	mustache_template_free(tpl);
	partials_free(&partials);
	return ok;
}

static void test_spec_file(void **state)
{
	const struct spec_file *spec = *state;
	char path[4096];
	snprintf(path, sizeof path, "%s/mustache-spec/%s", spec_dir, spec->name);
	if (spec->optional && access(path, F_OK) != 0) {
		print_message("%s not present, skipped\n", spec->name);
		skip();
	}

	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	if (!root)
		print_error("%s: %s (line %d)\n", path, jerr.text, jerr.line);
	assert_non_null(root);

	json_t *tests = json_object_get(root, "tests");
	assert_true(json_is_array(tests));
	size_t passed = 0, i;
	json_t *test;
	json_array_foreach(tests, i, test)
	{
		if (run_case(spec->name, test))
			passed++;
	}
	print_message("%s: %zu/%zu passed\n", spec->name, passed, json_array_size(tests));
	size_t total = json_array_size(tests);
	json_decref(root);
	assert_int_equal(passed, total);
}

/* ---------------------------------------------------------------------------
 * Haven's own expectations
 */

static void expect_compile_error(const char *src, const char *needle)
{
	struct mustache_template *tpl = (struct mustache_template *)1;
	char *err = NULL;
	assert_int_equal(mustache_compile(src, strlen(src), &tpl, &err), HAVEN_ERR_INVALID);
	assert_null(tpl);
	assert_non_null(err);
	if (!strstr(err, needle))
		print_error("error for %s is \"%s\", wanted \"%s\" in it\n", src, err, needle);
	assert_non_null(strstr(err, needle));
	free(err);
}

static void test_compile_errors(void **state)
{
	(void)state;
	expect_compile_error("<ul>\n\n{{#items}}\n<li>{{name}}</li>\n", "line 3");
	expect_compile_error("{{#a}}\n{{/b}}", "line 2");
	expect_compile_error("{{#a}}\n{{/b}}", "line 1"); /* where the open one was */
	expect_compile_error("x\n{{/a}}", "line 2");
	expect_compile_error("a\nb {{name", "line 2");
	expect_compile_error("{{{name}}", "line 1");
	expect_compile_error("\n{{=<% =}}", "line 2");
	expect_compile_error("{{ }}", "line 1");
	expect_compile_error("{{a..b}}", "line 1");
	expect_compile_error("{{#a b}}{{/a b}}", "line 1");
	/* err may be NULL */
	struct mustache_template *tpl = NULL;
	assert_int_equal(mustache_compile("{{#a}}", 6, &tpl, NULL), HAVEN_ERR_INVALID);
	assert_null(tpl);
}

static void test_html_escaping(void **state)
{
	(void)state;
	assert_renders("{{s}}|{{{s}}}|{{&s}}", "{\"s\": \"<a title=\\\"it's\\\">&</a>\"}",
	               "&lt;a title=&quot;it&#39;s&quot;&gt;&amp;&lt;/a&gt;|"
	               "<a title=\"it's\">&</a>|<a title=\"it's\">&</a>");
}

/* Plain text (emails): nothing is escaped, and everything else renders as in HTML mode. */
static void test_plain_text(void **state)
{
	(void)state;
	struct mustache_template *tpl = NULL;
	const char src[] = "{{s}}|{{{s}}}|{{&s}}|{{#l}}{{.}};{{/l}}{{^n}}none{{/n}}";
	assert_int_equal(mustache_compile(src, sizeof src - 1, &tpl, NULL), HAVEN_OK);
	json_t *data = json_pack("{s:s, s:[s, i]}", "s", "Drugs & \"alcohol\" <1>", "l", "a&b", 2);
	struct buf out = BUF_INIT;
	assert_int_equal(mustache_render_text(tpl, data, NULL, NULL, &out), HAVEN_OK);
	assert_string_equal(
	    buf_cstr(&out),
	    "Drugs & \"alcohol\" <1>|Drugs & \"alcohol\" <1>|Drugs & \"alcohol\" <1>|a&b;2;none");
	/* the same template for a page still escapes */
	buf_reset(&out);
	assert_int_equal(mustache_render(tpl, data, NULL, NULL, &out), HAVEN_OK);
	assert_string_equal(buf_cstr(&out),
	                    "Drugs &amp; &quot;alcohol&quot; &lt;1&gt;|Drugs & \"alcohol\" <1>|"
	                    "Drugs & \"alcohol\" <1>|a&amp;b;2;none");
	buf_free(&out);
	json_decref(data);
	mustache_template_free(tpl);
}

static void test_values(void **state)
{
	(void)state;
	assert_renders("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}",
	               "{\"a\": 1.5, \"b\": 42, \"c\": -7, \"d\": 0.1, \"e\": true, \"f\": null}",
	               "1.5 42 -7 0.1 true ");
	/* null, false, [] and the integer 0 are falsey; "" and the real 0.0 are not. */
	assert_renders("{{#s}}s{{/s}}{{#r}}r{{/r}}{{^n}}n{{/n}}{{^f}}f{{/f}}{{^l}}l{{/l}}{{^m}}m{{/m}}",
	               "{\"s\": \"\", \"r\": 0.0, \"n\": null, \"f\": false, \"l\": []}", "srnflm");
	/* SQLite's 0/1 flags and counts: 0 is "no", any other integer "yes" (a
	 * review theme with retired = 0 is in use, not "Retired") */
	assert_renders("{{#retired}}Retired{{/retired}}{{^retired}}In use{{/retired}}", "{\"retired\": 0}",
	               "In use");
	assert_renders("{{#retired}}Retired{{/retired}}{{^retired}}In use{{/retired}}", "{\"retired\": 1}",
	               "Retired");
	assert_renders("{{#count}}{{count}} waiting{{/count}}{{^count}}none{{/count}}", "{\"count\": -2}",
	               "-2 waiting");
	assert_renders("{{#count}}{{count}} waiting{{/count}}{{^count}}none{{/count}}", "{\"count\": 0}",
	               "none");
	assert_renders("{{#o}}{{x}}{{/o}}", "{\"o\": {\"x\": \"in\"}, \"x\": \"out\"}", "in");
	assert_renders("{{missing}}{{#missing}}x{{/missing}}", "{}", "");
}

static void test_partial_recursion(void **state)
{
	(void)state;
	struct partials p = {0};
	partials_add(&p, "loop", "x{{>loop}}");
	partials_add(&p, "ploop", "{{<ploop}}{{/ploop}}");
	partials_add(&p, "base", "[{{$a}}default{{/a}}]");

	const char *cases[] = {
	    "{{>loop}}",
	    "{{<ploop}}{{/ploop}}",
	    /* an override that contains the block it overrides */
	    "{{<base}}{{$a}}x{{$a}}y{{/a}}{{/a}}{{/base}}",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct mustache_template *tpl = compile_ok(cases[i]);
		struct buf out = BUF_INIT;
		assert_int_equal(mustache_render(tpl, NULL, lookup, &p, &out), HAVEN_ERR_INVALID);
		buf_free(&out);
		mustache_template_free(tpl);
	}
	partials_free(&p);
}

static void test_partials_without_lookup(void **state)
{
	(void)state;
	assert_renders("a{{>p}}b{{<q}}{{$x}}y{{/x}}{{/q}}c", "{}", "abc");
}

static void test_dynamic_names(void **state)
{
	(void)state;
	struct partials p = {0};
	partials_add(&p, "card", "<{{title}}>");
	partials_add(&p, "layout", "[{{$body}}{{/body}}]");
	char *got = render_str("{{#items}}{{>*kind}}{{/items}}|{{<*frame}}{{$body}}b{{/body}}{{/*frame}}",
	                       "{\"items\": [{\"kind\": \"card\", \"title\": \"A\"}, {\"kind\": "
	                       "\"none\"}, {\"title\": \"C\"}], \"frame\": \"layout\"}",
	                       &p);
	assert_string_equal(got, "<A>|[b]");
	free(got);
	partials_free(&p);
}

/* An indented partial inside an indented partial, and a template rendered at
 * two indentations, as Haven's layouts do. */
static void test_nested_indentation(void **state)
{
	(void)state;
	struct partials p = {0};
	partials_add(&p, "list", "<ul>\n{{#items}}\n  {{>item}}\n{{/items}}\n</ul>\n");
	partials_add(&p, "item", "<li>\n  {{.}}\n</li>\n");
	char *got = render_str("<div>\n  {{>list}}\n</div>\n{{>list}}", "{\"items\": [1, 2]}", &p);
	assert_string_equal(got, "<div>\n"
	                         "  <ul>\n"
	                         "    <li>\n"
	                         "      1\n"
	                         "    </li>\n"
	                         "    <li>\n"
	                         "      2\n"
	                         "    </li>\n"
	                         "  </ul>\n"
	                         "</div>\n"
	                         "<ul>\n"
	                         "  <li>\n"
	                         "    1\n"
	                         "  </li>\n"
	                         "  <li>\n"
	                         "    2\n"
	                         "  </li>\n"
	                         "</ul>\n");
	free(got);
	partials_free(&p);
}

struct thread_job {
	const struct mustache_template *tpl;
	const json_t *data;
	struct partials *partials;
	const char *expected;
	int mismatches;
};

static void *render_many(void *arg)
{
	struct thread_job *job = arg;
	struct buf out = BUF_INIT;
	for (int i = 0; i < 500; i++) {
		buf_reset(&out);
		if (mustache_render(job->tpl, job->data, lookup, job->partials, &out) != HAVEN_OK ||
		    strcmp(buf_cstr(&out), job->expected) != 0)
			job->mismatches++;
	}
	buf_free(&out);
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	struct partials p = {0};
	partials_add(&p, "row", "<tr><td>{{name}}</td><td>{{n}}</td></tr>\n");
	/* {{$body}}{{/body}} on one line would keep that line's newline after
	 * the body's own (the spec's "Standalone block"), hence two lines. */
	partials_add(&p, "layout", "<html>\n  {{$body}}\n  {{/body}}\n</html>\n");
	struct mustache_template *tpl = compile_ok("{{<layout}}{{$body}}\n"
	                                           "<table>\n"
	                                           "  {{#rows}}\n"
	                                           "  {{>row}}\n"
	                                           "  {{/rows}}\n"
	                                           "</table>\n"
	                                           "{{/body}}{{/layout}}");
	json_error_t jerr;
	json_t *data = json_loads("{\"rows\": [{\"name\": \"a&b\", \"n\": 1}, {\"name\": \"c\", "
	                          "\"n\": 2.5}, {\"name\": \"<d>\", \"n\": 3}]}",
	                          0, &jerr);
	assert_non_null(data);

	struct buf want = BUF_INIT;
	assert_int_equal(mustache_render(tpl, data, lookup, &p, &want), HAVEN_OK);
	assert_string_equal(buf_cstr(&want), "<html>\n"
	                                     "  <table>\n"
	                                     "    <tr><td>a&amp;b</td><td>1</td></tr>\n"
	                                     "    <tr><td>c</td><td>2.5</td></tr>\n"
	                                     "    <tr><td>&lt;d&gt;</td><td>3</td></tr>\n"
	                                     "  </table>\n"
	                                     "</html>\n");

	pthread_t threads[4];
	struct thread_job jobs[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct thread_job){tpl, data, &p, buf_cstr(&want), 0};
		assert_int_equal(pthread_create(&threads[i], NULL, render_many, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		assert_int_equal(jobs[i].mismatches, 0);
	}
	buf_free(&want);
	json_decref(data);
	mustache_template_free(tpl);
	partials_free(&p);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s TEST_DATA_DIR (holding mustache-spec/)\n", argv[0]);
		return 2;
	}
	spec_dir = argv[1];

	const struct CMUnitTest tests[] = {
	    {"spec comments", test_spec_file, NULL, NULL, &spec_files[0]},
	    {"spec delimiters", test_spec_file, NULL, NULL, &spec_files[1]},
	    {"spec interpolation", test_spec_file, NULL, NULL, &spec_files[2]},
	    {"spec inverted", test_spec_file, NULL, NULL, &spec_files[3]},
	    {"spec partials", test_spec_file, NULL, NULL, &spec_files[4]},
	    {"spec sections", test_spec_file, NULL, NULL, &spec_files[5]},
	    {"spec ~inheritance", test_spec_file, NULL, NULL, &spec_files[6]},
	    {"spec ~dynamic-names", test_spec_file, NULL, NULL, &spec_files[7]},
	    cmocka_unit_test(test_compile_errors),
	    cmocka_unit_test(test_html_escaping),
	    cmocka_unit_test(test_plain_text),
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_partial_recursion),
	    cmocka_unit_test(test_partials_without_lookup),
	    cmocka_unit_test(test_dynamic_names),
	    cmocka_unit_test(test_nested_indentation),
	    cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
