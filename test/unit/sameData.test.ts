import { sameData } from '../../domain/sameData';

describe('sameData', () => {
  it('holds plain data equal whatever the order of its members', () => {
    const a = { name: 'analytics', status: 'CREATING', network: { subnetIds: ['a', 'b'], securityGroupIds: ['sg'] }, tags: {}, lastUpdate: null };
    const b = { tags: {}, lastUpdate: null, network: { securityGroupIds: ['sg'], subnetIds: ['a', 'b'] }, status: 'CREATING', name: 'analytics' };
    expect(sameData(a, b)).toBe(true);
    expect(sameData(NaN, NaN)).toBe(true);
  });

  it('tells apart a changed member at any depth, a missing member and a reordered array', () => {
    const base = { status: 'CREATING', network: { subnetIds: ['a', 'b'] }, logging: { workerLogs: { enabled: true } } };
    expect(sameData(base, { ...base, status: 'AVAILABLE' })).toBe(false);
    expect(sameData(base, { ...base, network: { subnetIds: ['b', 'a'] } })).toBe(false);
    expect(sameData(base, { ...base, logging: { workerLogs: { enabled: false } } })).toBe(false);
    expect(sameData(base, { status: 'CREATING', network: { subnetIds: ['a', 'b'] } })).toBe(false);
    expect(sameData({ a: undefined }, { b: undefined })).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData({ 0: 'x' }, ['x'])).toBe(false);
    expect(sameData(null, {})).toBe(false);
    expect(sameData(1, '1')).toBe(false);
  });

  it('never calls two distinct non-plain objects the same', () => {
    expect(sameData(new Date(0), new Date(0))).toBe(false);
    expect(sameData(new Map(), new Map())).toBe(false);
  });
});
