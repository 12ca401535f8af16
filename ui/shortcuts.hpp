// ui/shortcuts.hpp — the console's keyboard shortcuts, listed once.
//
// The help overlay (F1) prints this table and every button names its key in
// its tooltip from here. Letter, digit and arrow keys are ignored while a text
// field has the keyboard (and for a moment after it closed under the fingers),
// so typing a note never pauses the exercise or sets a status.
// Keys are GLFW key codes (Dear ImGui 1.86 indexes io.KeysDown with them).
#pragma once

#include <vector>

#include "ui/backend.hpp"
#include "ui/model.hpp"

namespace ui {

struct Shortcut {
    const char* id;                     // referenced by buttons
    const char* keys;                   // as shown: "Ctrl+E"
    const char* what;                   // what it does
    const char* group;                  // help overlay section
    int key;                            // GLFW_KEY_*
    int alt_key;                        // a second key doing the same (0 = none)
    bool ctrl;
    bool shift;
    bool while_typing;                  // also when a text field is active
    void (*run)(Model&);
};

// Keys typed within this many seconds of typing into a text field that has
// since gone away are taken as typing, not as shortcuts.
inline constexpr double kTypingGrace = 1.0;
// After a new inject moved the selection by itself, keys that act on the
// selection wait this long, so a key aimed at the old inject never lands on the new one.
inline constexpr double kSelectionGrace = 1.0;

[[nodiscard]] const std::vector<Shortcut>& shortcuts();
[[nodiscard]] const Shortcut* find_shortcut(const char* id);

// Runs the shortcuts among this frame's key presses (call between NewFrame
// and the views). The presses stay available to frame_key_pressed().
void handle_shortcuts(Model& m, std::vector<KeyPress> presses);
// Whether `glfw_key` was pressed this frame without Ctrl/Alt (dialogs' Enter and Esc).
[[nodiscard]] bool frame_key_pressed(int glfw_key);

} // namespace ui
