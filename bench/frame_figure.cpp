// bench/frame_figure.cpp — console CPU per frame with a 100k-event session open.
//
// The console (ui::App, exactly as ui::render_frames_offscreen drives it)
// renders offscreen with the session open read-only on the exercise screen.
// CPU is this thread's CPU time per frame (CLOCK_THREAD_CPUTIME_ID), the
// median over the frames after a warm-up: building the ImGui frame from the
// model and submitting it to GL. Rasterising is the GPU's work, or llvmpipe's
// worker threads under Xvfb, and is not counted; start-up (opening the
// session) is not a frame and is not counted either.
// The baseline is a bare Dear ImGui frame through the same backend: one
// window with a 200-row table of text, the shape of the console's journal view.
#include <time.h>

#include <cstdlib>
#include <fmt/format.h>

#include "bench/bench.hpp"
#include "bench/workload.hpp"

#ifdef TTX_HAVE_UI
#include <imgui.h>

#include "sim/store/store.hpp"
#include "ui/backend.hpp"
#include "ui/app.hpp"
#include "ui/console.hpp"
#endif

namespace bench {

namespace {

[[maybe_unused]] double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

} // namespace

Figure frame_figure(const Config& c) {
    const std::size_t events = c.quick ? 5'000 : 100'000;
    Figure f;
    f.key = "frame";
    f.what = fmt::format("console CPU per frame, {}-event session, 1600x900", events);
    f.unit = "ms";
    f.bound = Bound::value;
    f.target = 2;
    f.baseline_what = "bare Dear ImGui frame (200-row table), same backend";
#ifndef TTX_HAVE_UI
    f.skipped = "this build has no console (configured with -DTTX_BUILD_UI=OFF)";
    return f;
#else
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) {
        f.skipped = "no display: set DISPLAY or run under xvfb-run";
        return f;
    }
    ScratchDir dir(c.dir);
    const std::string db = dir.file("frame.db");
    auto sc = load_generated(generate_scenario_yaml(200));
    {
        sim::Store store = sim::Store::open(db);
        write_session(store, "s-000000frame", *sc, generate_journal(sc, events));
    }
    ui::ConsoleOptions o;
    o.db_path = db;
    o.replay = "s-000000frame";
    o.view = "exercise";
    o.width = 1600;
    o.height = 900;
    o.theme = "dark";
    const int warmup = 10, frames = c.quick ? 30 : 120;
    std::vector<double> cpu, wall;
    {
        ui::App app(o);
        std::string error;
        if (!app.init(true, error)) throw std::runtime_error("the console did not open offscreen: " + error);
        for (int i = 0; i < warmup + frames; ++i) {
            const double cpu0 = thread_cpu_ms();
            const auto wall0 = Clock::now();
            app.frame(1.0 / 60.0);
            if (i < warmup) continue;
            cpu.push_back(thread_cpu_ms() - cpu0);
            wall.push_back(ms_since(wall0));
        }
    }
    f.value = quantile(cpu, 0.5);
    const double wall_median = quantile(wall, 0.5);

    // Bare Dear ImGui through the same backend.
    std::string error;
    ui::GlWindow w;
    ui::WindowConfig wc;
    wc.width = o.width;
    wc.height = o.height;
    wc.offscreen = true;
    wc.install_input = false;
    if (!ui::init_windowing(error) || !w.open(wc, error)) throw std::runtime_error("bare ImGui window: " + error);
    const float clear[4] = {0.1f, 0.1f, 0.1f, 1.0f};
    auto bare_frame = [&] {
        w.make_current();
        w.begin_frame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(static_cast<float>(o.width), static_cast<float>(o.height)));
        ImGui::Begin("journal", nullptr, ImGuiWindowFlags_NoDecoration);
        if (ImGui::BeginTable("events", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) {
            for (int i = 0; i < 200; ++i) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%d", i);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted("T+01:02:03");
                ImGui::TableNextColumn();
                ImGui::TextUnformatted("note.added");
                ImGui::TableNextColumn();
                ImGui::Text("Observation %d: the analyst re-checked inj-%04d", i, i);
            }
            ImGui::EndTable();
        }
        ImGui::End();
        w.end_frame(clear);
    };
    for (int i = 0; i < warmup; ++i) bare_frame();
    std::vector<double> bare;
    for (int i = 0; i < frames; ++i) {
        const double cpu0 = thread_cpu_ms();
        bare_frame();
        bare.push_back(thread_cpu_ms() - cpu0);
    }
    f.baseline = quantile(bare, 0.5);
    w.close();
    f.note = fmt::format("median wall time per frame {:.2f} ms (includes waiting for the rasteriser)", wall_median);
    f.extra["wall_median_ms"] = wall_median;
    return f;
#endif
}

} // namespace bench
