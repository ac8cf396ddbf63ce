import { describe, expect, it } from "vitest";

import { HostKeys } from "../../api/hostKeys";
import { memoryStorage } from "../../api/memoryStorage";
import {
  hiddenHostLink,
  hostKeyInFragment,
  hostLink,
  takeHostKeyFromAddress,
  type AddressBar,
} from "./hostLink";

function memoryKeys(): HostKeys {
  const storage = memoryStorage();
  return new HostKeys(() => storage);
}

/** An address bar showing `pathname` + `hash`, recording what replaced it. */
function addressBar(pathname: string, hash: string): AddressBar & { replacedWith: string[] } {
  const replacedWith: string[] = [];
  return {
    replacedWith,
    location: { pathname, search: "", hash },
    history: {
      state: null,
      replaceState: (_state, _unused, url) => {
        replacedWith.push(String(url));
      },
    },
  };
}

describe("host links", () => {
  it("put the key in the fragment of the edit link, where it can be read back", () => {
    const link = hostLink("https://pairpad.example", "k3fq-7zpm", "a_b-c");
    expect(link).toBe("https://pairpad.example/room/k3fq-7zpm#host=a_b-c");
    expect(hostKeyInFragment(new URL(link).hash)).toBe("a_b-c");
    expect(hostKeyInFragment("")).toBeNull();
    expect(hostKeyInFragment("#host=")).toBeNull();
  });

  it("are shown on screen without the key", () => {
    expect(hiddenHostLink("https://pairpad.example", "k3fq-7zpm")).toMatch(
      /^https:\/\/pairpad\.example\/room\/k3fq-7zpm#host=•+$/,
    );
  });

  it("are kept for the room and taken out of the address bar", () => {
    const keys = memoryKeys();
    const bar = addressBar("/room/k3fq-7zpm", "#host=secret");

    expect(takeHostKeyFromAddress(bar, keys)).toBe(true);
    expect(keys.get("k3fq-7zpm")).toBe("secret");
    expect(bar.replacedWith).toEqual(["/room/k3fq-7zpm"]);
  });

  it("leave other addresses alone", () => {
    const keys = memoryKeys();
    const plain = addressBar("/room/k3fq-7zpm", "");
    const home = addressBar("/", "#host=secret");

    expect(takeHostKeyFromAddress(plain, keys)).toBe(false);
    expect(takeHostKeyFromAddress(home, keys)).toBe(false);
    expect(keys.get("k3fq-7zpm")).toBeNull();
    expect([...plain.replacedWith, ...home.replacedWith]).toEqual([]);
  });
});
