#include "interrupt.hpp"

#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace study {

namespace {

constexpr int stop_signals[] = {SIGINT, SIGTERM, SIGUSR1};

std::atomic<bool> stop_requested{false};
std::atomic<int> first_signal{0};
std::atomic<int> wake_fd{-1};  // the write end of the pipe a held process waits on (the test hook), or -1
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "the stop flag is set from a signal handler");

extern "C" void on_stop_signal(int signal) {
    int none = 0;
    first_signal.compare_exchange_strong(none, signal);
    stop_requested.store(true);
    for (const int stop : stop_signals) std::signal(stop, SIG_DFL);  // a second signal ends the process at once
    if (const int fd = wake_fd.load(); fd >= 0) {
        const char byte = 0;
        [[maybe_unused]] const auto written = write(fd, &byte, 1);  // async-signal-safe, unlike a condition variable
    }
}

// MOCKBN_TEST_RAISE=NAME@EPOCH, parsed once: the signal (or the hold) and the epoch, or {0, 0}.
constexpr int hold = -1;
struct raise_request {
    int signal = 0;
    std::size_t epoch = 0;
};

// The hook's hold: until a stop signal arrives (the handler writes to the pipe) or the parent ends (the kernel's
// parent-death signal, SIGKILL, set when the hook was first read). The pipe stays open: a handler may still be
// writing to it.
void hold_after(std::size_t epoch) {
    int ends[2];
    if (pipe(ends) != 0) {
        std::perror("MOCKBN_TEST_RAISE=HOLD: pipe");
        std::abort();
    }
    wake_fd.store(ends[1]);
    std::fprintf(stderr, "held after the checkpoint of epoch %zu\n", epoch);
    char byte;
    while (!stop_requested.load() && read(ends[0], &byte, 1) != 1) {}
}

raise_request test_request() {
    const char* text = std::getenv("MOCKBN_TEST_RAISE");
    if (!text) return {};
    const std::string request = text;
    const auto at = request.find('@');
    if (at == std::string::npos) return {};
    const std::string name = request.substr(0, at);
    const int signal = name == "INT"    ? SIGINT
                       : name == "TERM" ? SIGTERM
                       : name == "KILL" ? SIGKILL
                       : name == "STOP" ? SIGSTOP
                       : name == "HOLD" ? hold
                                        : 0;
    if (signal == hold) {  // from now on, end with the parent (checked after: it may have ended already)
        const pid_t parent = getppid();
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) std::raise(SIGKILL);
    }
    return {signal, static_cast<std::size_t>(std::strtoull(request.c_str() + at + 1, nullptr, 10))};
}

}  // namespace

void install_stop_handlers() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    for (const int stop : stop_signals) sigaction(stop, &action, nullptr);
    std::signal(SIGXFSZ, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);
}

std::atomic<bool>& stop_flag() { return stop_requested; }
int stop_signal() { return first_signal.load(); }
void request_stop() { stop_requested.store(true); }

int stopped(const char* program, const std::string& command) {
    const int signal = stop_signal();
    std::fprintf(stderr, "%s: stopped by %s; every run's last checkpoint is whole. Continue with:\n  %s\n", program,
                 signal == SIGTERM   ? "SIGTERM"
                 : signal == SIGUSR1 ? "SIGUSR1"
                                     : "SIGINT",
                 command.c_str());
    return 128 + signal;
}

void checkpoint_saved(std::size_t epoch) {
    static const raise_request request = test_request();
    static std::atomic<bool> raised{false};
    if (request.signal == 0 || epoch != request.epoch || raised.exchange(true)) return;
    if (request.signal == hold) hold_after(epoch);
    else std::raise(request.signal);
}

}  // namespace study
