import { originAllowed } from './security-headers';

describe('originAllowed', () => {
  const dev = ['http://localhost:5173'];

  it('lets requests without an Origin through: source systems and tools are not pages', () => {
    expect(originAllowed(undefined, { host: 'jifen.local:3000' }, [])).toBe(true);
  });

  it('allows the server own origin and the configured ones, nothing else', () => {
    expect(originAllowed('http://jifen.local:3000', { host: 'jifen.local:3000' }, dev)).toBe(true);
    expect(originAllowed('http://localhost:5173', { host: 'jifen.local:3000' }, dev)).toBe(true);
    expect(originAllowed('http://evil.example', { host: 'jifen.local:3000' }, dev)).toBe(false);
    expect(originAllowed('http://jifen.local:4000', { host: 'jifen.local:3000' }, dev)).toBe(false);
    expect(originAllowed('http://jifen.local.evil.example:3000', { host: 'jifen.local:3000' }, dev)).toBe(
      false,
    );
    expect(originAllowed('null', { host: 'jifen.local:3000' }, dev)).toBe(false);
  });

  it('behind nginx ($host drops the port) matches the host name on any port', () => {
    expect(originAllowed('https://jifen.example.org:8443', { host: 'jifen.example.org' }, [])).toBe(true);
    expect(originAllowed('https://other.example.org', { host: 'jifen.example.org' }, [])).toBe(false);
  });

  it('never trusts X-Forwarded-Host, which a page could set to its own origin', () => {
    expect(
      originAllowed(
        'https://evil.example',
        { host: 'jifen.local:3000', 'x-forwarded-host': 'evil.example' },
        [],
      ),
    ).toBe(false);
  });
});
