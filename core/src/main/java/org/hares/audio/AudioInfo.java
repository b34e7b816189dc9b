package org.hares.audio;

import java.nio.file.Path;

/**
 * What a file's container says about its audio stream.
 *
 * @param file            the file
 * @param codec           FFmpeg's codec name ({@code pcm_s16le}, {@code flac}, {@code mp3}, ...)
 * @param sampleRate      native sample rate in Hz
 * @param channels        channel count
 * @param durationSeconds duration the container declares, or NaN when it declares none
 */
public record AudioInfo(Path file, String codec, int sampleRate, int channels, double durationSeconds) {}
