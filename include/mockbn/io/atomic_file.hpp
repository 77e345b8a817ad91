// mockbn/io/atomic_file.hpp
//
// write_atomically(path, bytes): after it returns, `path` holds exactly
// `bytes`; if it throws, `path` is as it was before the call.
//
// Contract:
//  - The bytes go to a temporary file beside `path`, named for this process
//    and this call (".<name>.tmp.<pid>.<n>", so concurrent writers never
//    share one), which is written in full, flushed to the disk (fsync) and
//    closed; only then is it renamed over `path`, and the folder is synced.
//  - Every failure (opening, a short write, fsync, close, rename) removes the
//    temporary and throws write_error naming the file and the operating
//    system's reason, e.g. "results/report.html: writing failed (No space
//    left on device)".
#pragma once

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <unistd.h>

namespace mockbn::io {

class write_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

namespace detail {

// The temporary beside `path` for this call: unique per process and call.
inline std::filesystem::path temporary_for(const std::filesystem::path& path) {
    static std::atomic<unsigned long> calls{0};
    std::string name = ".";  // then appended: "." + a temporary trips GCC 12's false -Wrestrict (bug 105329)
    name += path.filename().string() + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(calls++);
    return path.parent_path() / name;
}

inline write_error os_failure(const std::filesystem::path& path, const char* what, int error) {
    return write_error(path.string() + ": " + what + " (" + std::strerror(error) + ")");
}

// Writes every byte, retrying short writes and interrupted calls; false with errno set on failure.
inline bool write_all(int descriptor, std::string_view bytes) {
    while (!bytes.empty()) {
        const ::ssize_t written = ::write(descriptor, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) {
            if (written == 0) errno = EIO;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

}  // namespace detail

inline void write_atomically(const std::filesystem::path& path, std::string_view bytes) {
    const std::filesystem::path temporary = detail::temporary_for(path);
    const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (descriptor < 0) throw detail::os_failure(path, "cannot be written", errno);
    const bool written = detail::write_all(descriptor, bytes) && ::fsync(descriptor) == 0;
    int error = written ? 0 : errno;
    if (::close(descriptor) != 0 && error == 0) error = errno;
    if (error == 0 && std::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
    if (error != 0) {
        ::unlink(temporary.c_str());
        throw detail::os_failure(path, "writing failed", error);
    }
    // The rename itself reaches the disk with the folder's entry.
    const std::filesystem::path folder = path.parent_path().empty() ? "." : path.parent_path();
    if (const int directory = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); directory >= 0) {
        ::fsync(directory);
        ::close(directory);
    }
}

}  // namespace mockbn::io
