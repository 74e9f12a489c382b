/* Runs the registered unit tests, one fresh set of fakes each. */
#include "tests/unit/harness.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_TESTS 256

static struct {
	const char *name;
	test_fn fn;
} tests[MAX_TESTS];
static int count;
static jmp_buf on_failure;
static char why[512];

void test_register(const char *name, test_fn fn)
{
	if (count == MAX_TESTS) {
		fprintf(stderr, "harness: more than %d tests\n", MAX_TESTS);
		return;
	}
	tests[count].name = name;
	tests[count].fn = fn;
	count++;
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(why, sizeof(why), "%s:%d: ", file, line);

	va_start(ap, fmt);
	vsnprintf(why + n, sizeof(why) - (size_t)n, fmt, ap);
	va_end(ap);
	longjmp(on_failure, 1);
}

/* Runs one case; true when it passed.  Kept apart from main() so no local
 * of the loop lives across setjmp(). */
static bool run(int i)
{
	fake_reset();
	if (setjmp(on_failure) == 0) {
		tests[i].fn();
		printf("PASS %s\n", tests[i].name);
		return true;
	}
	printf("FAIL %s: %s\n", tests[i].name, why);
	return false;
}

int main(int argc, char **argv)
{
	int failed = 0;

	for (int i = 0; i < count; i++)
		if (argc < 2 || strcmp(argv[1], tests[i].name) == 0)
			failed += !run(i);
	return failed ? 1 : 0;
}
