// tests/scenario_model_test.cpp — the model's vocabularies and time parsing.
#include <doctest/doctest.h>

#include "sim/scenario/scenario.hpp"

using namespace sim;

TEST_CASE("clock offsets parse as +HH:MM or +HH:MM:SS") {
    CHECK(parse_offset("+00:15") == 15 * 60);
    CHECK(parse_offset("+01:02:03") == 3723);
    CHECK_FALSE(parse_offset("00:15"));
    CHECK_FALSE(parse_offset("+00:75"));
    CHECK_FALSE(parse_offset("+1"));
    CHECK_FALSE(parse_offset("+aa:bb"));
}

TEST_CASE("durations parse largest unit first") {
    CHECK(parse_duration("15m") == 900);
    CHECK(parse_duration("1h30m") == 5400);
    CHECK(parse_duration("45s") == 45);
    CHECK_FALSE(parse_duration("30m1h"));
    CHECK_FALSE(parse_duration("15"));
    CHECK_FALSE(parse_duration("m"));
    CHECK_FALSE(parse_duration(""));
}

TEST_CASE("clock formatting") {
    CHECK(format_clock(0) == "T+00:00:00");
    CHECK(format_clock(3723) == "T+01:02:03");
    CHECK(format_clock(100 * 3600 + 59) == "T+100:00:59");
    CHECK(format_clock(-1) == "T+--:--:--");
}

TEST_CASE("conditions: all, any, not") {
    Condition c;
    c.all = {"a"};
    c.any = {"b", "c"};
    c.none = {"d"};
    CHECK(c.holds({"a", "b"}));
    CHECK_FALSE(c.holds({"a"}));
    CHECK_FALSE(c.holds({"b"}));
    CHECK_FALSE(c.holds({"a", "c", "d"}));
    CHECK(Condition{}.holds({}));
}

TEST_CASE("enum spellings round-trip") {
    for (auto a : {Action::detect, Action::dismiss, Action::automate})
        CHECK(parse_action(to_string(a)) == a);
    CHECK(parse_rating("M") == Rating::M);
    CHECK_FALSE(parse_rating("X"));
    CHECK(parse_purple_outcome("n/a") == PurpleOutcome::not_applicable);
    CHECK(builtin_roles().size() == 7);
    CHECK(builtin_capabilities().size() == 12);
}
