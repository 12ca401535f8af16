// ui/shortcuts.cpp — the shortcut table and its dispatcher.
#include "ui/shortcuts.hpp"

#include <cstring>
#include <initializer_list>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "ui/actions.hpp"
#include "ui/feedback_actions.hpp"

namespace ui {

namespace {

using namespace actions;

template <int N>
void option(Model& m) {
    choose_option(m, N - 1);
}

const std::vector<Shortcut> kShortcuts = {
    // id, keys, what, group, key, alt_key, ctrl, shift, while_typing, run
    {"help", "F1", "Show or hide this help", "Console", GLFW_KEY_F1, 0, false, false, true, toggle_help},
    {"escape", "Esc", "Close help and confirmations; leave the projector view", "Console", GLFW_KEY_ESCAPE, 0, false,
     false, true, escape},
    {"library", "F2", "Scenario library", "Console", GLFW_KEY_F2, 0, false, false, true,
     [](Model& m) { go(m, Screen::library); }},
    {"setup", "F3", "Session setup", "Console", GLFW_KEY_F3, 0, false, false, true,
     [](Model& m) { go(m, Screen::setup); }},
    {"exercise", "F4", "Exercise", "Console", GLFW_KEY_F4, 0, false, false, true,
     [](Model& m) { go(m, Screen::exercise); }},
    {"hotwash_screen", "F5", "Hotwash and notes", "Console", GLFW_KEY_F5, 0, false, false, true,
     [](Model& m) { go(m, Screen::hotwash); }},
    {"review", "F6", "Review for managers", "Console", GLFW_KEY_F6, 0, false, false, true,
     [](Model& m) { go(m, Screen::review); }},
    {"red_screen", "F7", "Red cell: red moves and decisions, adjudications, hunts", "Console", GLFW_KEY_F7, 0, false,
     false, true, [](Model& m) { go(m, Screen::red); }},
    {"feedback_screen", "F8", "Participant feedback forms (after the exercise)", "Console", GLFW_KEY_F8, 0, false,
     false, true, [](Model& m) { go(m, Screen::feedback); }},
    {"projector_window", "F9", "Open or close the projector window", "Projector", GLFW_KEY_F9, 0, false, false, true,
     toggle_projector_window},
    {"projector_full", "F11", "Projector view in this window (full screen)", "Projector", GLFW_KEY_F11, 0, false,
     false, true, toggle_projector_fullscreen},
    {"show_projector", "P", "Show the selected inject on the projector", "Projector", GLFW_KEY_P, 0, false, false,
     false, show_on_projector},
    {"reveal", "Ctrl+R", "Reveal or hide scores on the projector", "Projector", GLFW_KEY_R, 0, true, false, true,
     toggle_reveal_scores},
    {"zoom_in", "Ctrl +", "Larger text", "Console", GLFW_KEY_EQUAL, GLFW_KEY_KP_ADD, true, false, true,
     [](Model& m) { zoom(m, 1.1f); }},
    {"zoom_out", "Ctrl −", "Smaller text", "Console", GLFW_KEY_MINUS, GLFW_KEY_KP_SUBTRACT, true, false, true,
     [](Model& m) { zoom(m, 1.0f / 1.1f); }},
    {"zoom_reset", "Ctrl+0", "Text size for this screen", "Console", GLFW_KEY_0, GLFW_KEY_KP_0, true, false, true,
     [](Model& m) { zoom(m, 0.0f); }},
    {"theme", "Ctrl+T", "Light or dark theme", "Console", GLFW_KEY_T, 0, true, false, true, toggle_theme},
    {"quit", "Ctrl+Q", "Quit (the journal keeps everything; reopen to resume)", "Console", GLFW_KEY_Q, 0, true,
     false, true, [](Model& m) { m.ui.quit_requested = true; }},

    {"primary", "Space", "Start / pause / resume the exercise", "Exercise", GLFW_KEY_SPACE, 0, false, false, false,
     do_primary},
    {"deliver_next", "N", "Deliver the next inject now", "Exercise", GLFW_KEY_N, 0, false, false, false, deliver_next},
    {"slower", "[", "Slower clock", "Exercise", GLFW_KEY_LEFT_BRACKET, 0, false, false, false, slower},
    {"faster", "]", "Faster clock", "Exercise", GLFW_KEY_RIGHT_BRACKET, 0, false, false, false, faster},
    {"end", "Ctrl+E", "End the exercise (asks first)", "Exercise", GLFW_KEY_E, 0, true, false, true, request_end},
    {"hotwash", "Ctrl+H", "Start the hotwash (asks first)", "Exercise", GLFW_KEY_H, 0, true, false, true,
     request_hotwash},

    {"queue_up", "↑", "Newer inject in the queue", "Team queues", GLFW_KEY_UP, GLFW_KEY_K, false, false, false,
     [](Model& m) { select_in_queue(m, -1); }},
    {"queue_down", "↓", "Older inject in the queue", "Team queues", GLFW_KEY_DOWN, GLFW_KEY_J, false, false, false,
     [](Model& m) { select_in_queue(m, +1); }},
    {"next_team", "T", "Next team's queue", "Team queues", GLFW_KEY_T, 0, false, false, false, next_team},
    {"ack", "A", "Mark acknowledged", "Team queues", GLFW_KEY_A, 0, false, false, false,
     [](Model& m) { set_status(m, sim::InjectStatus::acknowledged); }},
    {"escalate", "E", "Mark escalated", "Team queues", GLFW_KEY_E, 0, false, false, false,
     [](Model& m) { set_status(m, sim::InjectStatus::escalated); }},
    {"dismiss", "D", "Mark dismissed", "Team queues", GLFW_KEY_D, 0, false, false, false,
     [](Model& m) { set_status(m, sim::InjectStatus::dismissed); }},
    {"contain", "C", "Mark contained", "Team queues", GLFW_KEY_C, 0, false, false, false,
     [](Model& m) { set_status(m, sim::InjectStatus::contained); }},
    {"take_back", "Ctrl+Z", "Take back the selected inject's last status (journaled as a retraction)", "Team queues",
     GLFW_KEY_Z, 0, true, false, false, take_back_status},

    {"next_decision", "O", "Select the next open decision (soonest default first)", "Decisions", GLFW_KEY_O, 0, false,
     false, false, next_open_decision},
    {"option1", "1 … 9", "Choose decision option 1 to 9", "Decisions", GLFW_KEY_1, GLFW_KEY_KP_1, false, false,
     false, option<1>},
    {"option2", "", "", "", GLFW_KEY_2, GLFW_KEY_KP_2, false, false, false, option<2>},
    {"option3", "", "", "", GLFW_KEY_3, GLFW_KEY_KP_3, false, false, false, option<3>},
    {"option4", "", "", "", GLFW_KEY_4, GLFW_KEY_KP_4, false, false, false, option<4>},
    {"option5", "", "", "", GLFW_KEY_5, GLFW_KEY_KP_5, false, false, false, option<5>},
    {"option6", "", "", "", GLFW_KEY_6, GLFW_KEY_KP_6, false, false, false, option<6>},
    {"option7", "", "", "", GLFW_KEY_7, GLFW_KEY_KP_7, false, false, false, option<7>},
    {"option8", "", "", "", GLFW_KEY_8, GLFW_KEY_KP_8, false, false, false, option<8>},
    {"option9", "", "", "", GLFW_KEY_9, GLFW_KEY_KP_9, false, false, false, option<9>},
    {"record", "Ctrl+Enter", "Record the decision (on Setup: start the session; on Feedback: record the form)",
     "Decisions", GLFW_KEY_ENTER, GLFW_KEY_KP_ENTER, true, false, true, [](Model& m) {
         if (m.ui.screen == Screen::setup)
             m.ui.start_requested = true;   // the setup view starts it: it validates the draft
         else if (m.ui.screen == Screen::review)
             return;   // no decision form there; its plan form saves with its button only
         else if (m.ui.screen == Screen::feedback)
             record_feedback(m);            // only a valid form; else it says why in the form
         else
             record_decision(m);
     }},
};

std::vector<KeyPress> g_presses;
// Shortcuts held back one frame: see handle_shortcuts.
std::vector<KeyPress> g_deferred;

bool id_in(const Shortcut& s, std::initializer_list<const char*> ids) {
    for (const char* id : ids)
        if (std::strcmp(s.id, id) == 0) return true;
    return false;
}

// Keys that act on the selected inject or its decision.
bool acts_on_selection(const Shortcut& s) {
    return id_in(s, {"show_projector", "ack", "escalate", "dismiss", "contain", "take_back"}) ||
           std::strncmp(s.id, "option", 6) == 0;
}

// Keys that change the live exercise act only on the screens that show what
// they change: a letter pressed on Review or Library must not journal a status
// for an inject nobody is looking at. Ctrl+Enter sorts its screens out itself.
bool acts_here(const Shortcut& s, Screen screen) {
    auto is = [&](std::initializer_list<const char*> ids) { return id_in(s, ids); };
    if (is({"primary", "deliver_next", "slower", "faster", "end", "hotwash"}))   // the control bar's
        return screen == Screen::exercise || screen == Screen::hotwash || screen == Screen::red ||
               screen == Screen::projector;
    if (is({"next_decision"}) || std::strncmp(s.id, "option", 6) == 0)   // the decision panel's
        return screen == Screen::exercise || screen == Screen::red;
    if (acts_on_selection(s) || is({"queue_up", "queue_down", "next_team"}))   // the team queues'
        return screen == Screen::exercise;
    return true;
}

// Held-down keys repeat only where repeating is harmless.
bool repeatable(const Shortcut& s) {
    return id_in(s, {"queue_up", "queue_down", "zoom_in", "zoom_out", "slower", "faster"});
}

} // namespace

const std::vector<Shortcut>& shortcuts() { return kShortcuts; }

const Shortcut* find_shortcut(const char* id) {
    for (const auto& s : kShortcuts)
        if (std::strcmp(s.id, id) == 0) return &s;
    return nullptr;
}

void handle_shortcuts(Model& m, std::vector<KeyPress> presses) {
    // Shortcuts run before the widgets, so a field has not yet taken the characters
    // typed in this frame. A Ctrl+Enter pressed right after the last letter would
    // record the rationale without that letter: it waits one frame, once.
    const std::size_t held_back = g_deferred.size();
    g_presses = std::move(g_deferred);
    g_deferred.clear();
    g_presses.insert(g_presses.end(), presses.begin(), presses.end());
    const bool typing = ImGui::GetIO().WantTextInput;
    const bool chars_pending = typing && !ImGui::GetIO().InputQueueCharacters.empty();
    m.ui.typing = typing;
    const double now = m.now();
    // A click or a key that leaves a field on purpose ends typing at once.
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) m.ui.typed_at = -1e9;
    bool swallowed = false;
    for (std::size_t i = 0; i < g_presses.size(); ++i) {
        const KeyPress& p = g_presses[i];
        const bool ctrl = p.mods & GLFW_MOD_CONTROL;
        const bool shift = p.mods & GLFW_MOD_SHIFT;
        const bool alt = p.mods & GLFW_MOD_ALT;
        if (p.key == GLFW_KEY_ESCAPE || p.key == GLFW_KEY_TAB || p.key >= GLFW_KEY_F1 || ctrl || alt) {
            m.ui.typed_at = -1e9;
        } else if (typing) {
            m.ui.typed_at = now;
            continue;   // the text field has it
        }
        // Keys typed fluently into a field that has just gone away (an inject
        // timed out, the panel changed) are still typing: never shortcuts.
        const bool echo = now - m.ui.typed_at < kTypingGrace;
        // While a confirmation is open only Esc and F1 act; Enter belongs to the dialog.
        const bool modal_open = m.ui.confirm_ending_decision || m.ui.confirm_end || m.ui.confirm_hotwash || m.ui.confirm_close || m.ui.resume_prompt;
        for (const auto& s : kShortcuts) {
            if (p.key != s.key && (s.alt_key == 0 || p.key != s.alt_key)) continue;
            if (s.ctrl != ctrl || (s.shift && !shift) || alt) continue;
            if (typing && !s.while_typing) continue;
            if (echo && !s.while_typing) {
                if (!swallowed) m.info("Keys ignored: the text field you were typing in closed. Pause a moment, "
                                       "then use the shortcut again.");
                swallowed = true;
                m.ui.typed_at = now;
                break;
            }
            if (p.repeat && !repeatable(s)) continue;
            if (modal_open && s.key != GLFW_KEY_ESCAPE && s.key != GLFW_KEY_F1) continue;
            if (!acts_here(s, m.ui.screen)) {
                if (!swallowed) m.info("Key ignored: it acts on the Exercise screen (F4), not on this one.");
                swallowed = true;
                break;
            }
            if (acts_on_selection(s) && now - m.ui.selection_moved_at < kSelectionGrace) {
                // The selection has just moved to a new inject: the facilitator aimed at the old one.
                if (!swallowed) m.info("A new inject was just selected; press the key again to act on it.");
                swallowed = true;
                break;
            }
            if (chars_pending && ctrl && s.while_typing && i >= held_back) {
                g_deferred.push_back(p);   // after the field has the letters of this frame
                break;
            }
            s.run(m);
            break;
        }
    }
}

bool frame_key_pressed(int glfw_key) {
    for (const KeyPress& p : g_presses)
        if (p.key == glfw_key && !p.repeat && !(p.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT))) return true;
    return false;
}

} // namespace ui
