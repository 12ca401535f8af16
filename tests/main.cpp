// The doctest runner for every tests/<area>_test.cpp file.
//
// CTest runs one test case per process (doctest_discover_tests). A case that
// skipped itself with TTX_SKIP exits with kSkipExitCode, which CMakeLists.txt
// declares as SKIP_RETURN_CODE, so CTest reports it as skipped, not passed.
// Outside CTest (TTX_CTEST unset) a skip is only a message and exit 0.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

#include "tests/support.hpp"

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int rc = context.run();
    if (context.shouldExit()) return rc;
    if (rc == 0 && ttx_test::skipped_count() > 0 && std::getenv("TTX_CTEST") != nullptr)
        return ttx_test::kSkipExitCode;
    return rc;
}
