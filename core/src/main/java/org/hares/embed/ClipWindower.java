package org.hares.embed;

import java.util.List;
import org.hares.data.Clip;

/** Cuts a clip's audio into the waveform windows the model embeds. */
@FunctionalInterface
public interface ClipWindower {

    /**
     * Windows of one clip, with their start sample; decoding failures raise
     * {@link org.hares.audio.AudioDecodeException}.
     *
     * @param times where decoding time is recorded (the rest counts as features)
     */
    Windows windows(Clip clip, StageTimes times);

    /**
     * The windows of a clip.
     *
     * @param starts  start sample of each window in the clip
     * @param samples the (zero-padded) samples of each window
     */
    record Windows(long[] starts, List<float[]> samples) {
        public Windows {
            starts = starts.clone();
            samples = List.copyOf(samples);
            if (starts.length != samples.size() || starts.length == 0) {
                throw new IllegalArgumentException("need one start per window and at least one window, got "
                        + starts.length + " starts and " + samples.size() + " windows");
            }
        }

        @Override
        public long[] starts() {
            return starts.clone();
        }
    }
}
