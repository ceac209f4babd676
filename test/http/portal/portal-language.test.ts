import express from 'express';
import { describe, expect, it } from 'vitest';
import { chooseLanguage, foreignLang } from '../../../src/http/portal/i18n/portal-language.js';
import { linkOf } from '../../../src/http/portal/portal-context.js';
import { localPath } from '../../../src/http/portal/html/safe-url.js';

/** A real express request (so Accept-Language is negotiated by express itself). */
function requestWith(url: string, headers: Record<string, string> = {}): express.Request {
  const app = express();
  const req = Object.create(app.request) as express.Request;
  Object.assign(req, { url, originalUrl: url, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])), app });
  return req;
}

describe('the page language', () => {
  it('comes from ?lang= first', () => {
    expect(chooseLanguage(requestWith('/search?lang=nn', { Cookie: 'lang=en', 'Accept-Language': 'en' }))).toBe('nn');
  });
  it('then from the cookie the language switch sets', () => {
    expect(chooseLanguage(requestWith('/search', { Cookie: 'other=1; lang=en', 'Accept-Language': 'nn' }))).toBe('en');
  });
  it('then from Accept-Language, where a plain "no" means Bokmål', () => {
    expect(chooseLanguage(requestWith('/', { 'Accept-Language': 'nn-NO,nn;q=0.9,en;q=0.5' }))).toBe('nn');
    expect(chooseLanguage(requestWith('/', { 'Accept-Language': 'en-US,en;q=0.9' }))).toBe('en');
    expect(chooseLanguage(requestWith('/', { 'Accept-Language': 'no' }))).toBe('nb');
  });
  it('else Bokmål, also when the asked language is not one of ours', () => {
    expect(chooseLanguage(requestWith('/?lang=de', { Cookie: 'lang=fr', 'Accept-Language': 'de-DE' }))).toBe('nb');
    expect(chooseLanguage(requestWith('/'))).toBe('nb');
  });
  it('marks text in another language than the page, and only that', () => {
    expect(foreignLang('en', 'nb')).toBe('en');
    expect(foreignLang('nb', 'nb')).toBeUndefined();
    expect(foreignLang(null, 'en')).toBeUndefined();
  });
});

describe('links', () => {
  it('keep the page language and every repeated parameter', () => {
    expect(linkOf('nn', '/search', { q: 'vær og vind', theme: ['ENVI', 'TRAN'], page: undefined, sort: '' })).toBe('/search?q=v%C3%A6r+og+vind&theme=ENVI&theme=TRAN&lang=nn');
  });
  it('never replace the language with one given in the parameters', () => {
    expect(linkOf('en', '/', { lang: 'nb' })).toBe('/?lang=en');
  });
  it('of the language switch only lead back to this site', () => {
    expect(localPath('/search?q=x')).toBe('/search?q=x');
    expect(localPath('//evil.example/x')).toBe('/');
    expect(localPath('https://evil.example/')).toBe('/');
    expect(localPath('/\\evil.example')).toBe('/');
    expect(localPath(undefined)).toBe('/');
  });
});
