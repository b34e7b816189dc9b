package org.hares.testing.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny VoxForge copy as 'wget -i voxforge_urls.txt -x' leaves it, each archive extracted beside
 * its .tgz: 13 archives of 12 speakers (anonymous twice, in de and en: one group) in
 * voxforge_urls.txt, of which {@code hugo-20100101-zzz.tgz} is not downloaded; 2 wavs per archive.
 * TFDS's split of the 12 sorted speakers (numpy RandomState(0); the "fixture" line of
 * numpy_shuffle_expected.txt): train = fritz, kurt, dora, jan, bob, hugo, anonymous, gina;
 * validation = ivan; test = carl, alice, emil. So train 16 clips, valid 2, test 6.
 */
public final class VoxForgeFixture {

    static final String HOST = "www.repository.voxforge1.org/downloads/";
    static final String TRUNK = "/Trunk/Audio/Main/16kHz_16bit/";

    /** language, archive name, state: "x" extracted beside its .tgz, "-" not downloaded. */
    public static final List<String[]> ARCHIVES = List.of(
            new String[] {"de", "anonymous-20080101-aaa", "x"},
            new String[] {"en", "anonymous-20090101-bbb", "x"},
            new String[] {"en", "alice-20100101-ccc", "x"},
            new String[] {"es", "bob-20100101-ddd", "x"},
            new String[] {"fr", "carl-20100101-eee", "x"},
            new String[] {"it", "dora-20100101-fff", "x"},
            new String[] {"ru", "emil-20100101-ggg", "x"},
            new String[] {"de", "fritz-20100101-hhh", "x"},
            new String[] {"en", "gina-20100101-jjj", "x"},
            new String[] {"fr", "hugo-20100101-zzz", "-"},
            new String[] {"es", "ivan-20100101-iii", "x"},
            new String[] {"it", "jan-20100101-kkk", "x"},
            new String[] {"ru", "kurt-20100101-lll", "x"});

    private VoxForgeFixture() {
    }

    public static String relativePath(String language, String archive) {
        return HOST + language + TRUNK + archive + ".tgz";
    }

    public static Path write(Path root) {
        return write(root, 0.25, true);
    }

    /** With {@code withUrls=false} the URL list is left out (the universe is then the archives found). */
    public static Path write(Path root, double clipSeconds, boolean withUrls) {
        List<String> urls = new ArrayList<>();
        int i = 0;
        for (String[] a : ARCHIVES) {
            String rel = relativePath(a[0], a[1]);
            urls.add("http://" + rel);
            Path tgz = root.resolve(rel);
            if (a[2].equals("x")) {
                Path dir = root.resolve(rel.substring(0, rel.length() - 4));
                Wav.tone(dir.resolve("wav/a0001.wav"), 16_000, clipSeconds, 200 + 10 * i++);
                Wav.tone(dir.resolve("wav/a0002.wav"), 16_000, clipSeconds, 200 + 10 * i++);
                Text.write(dir.resolve("etc/README"), "speaker info");
            }
            if (!a[2].equals("-")) {
                Text.write(tgz, "not really gzip");
            }
        }
        if (withUrls) {
            Text.write(root.resolve("voxforge_urls.txt"), urls);
        }
        return root;
    }
}
