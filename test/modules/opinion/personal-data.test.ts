import { describe, expect, it } from 'vitest';
import { detectPersonalData } from '../../../src/modules/opinion/personal-data.js';

describe('detectPersonalData', () => {
  it.each([
    ['Có gì cần xác minh thêm xin gọi tôi theo số 0912 345 678 nhé.', 'PHONE'],
    ['Chủ quán karaoke, sđt 0987.654.321, mở nhạc đến 1 giờ sáng.', 'PHONE'],
    ['Người cho vay lãi nặng dùng số +84 912 345 678 để đòi nợ.', 'PHONE'],
    ['Số điện thoại 84912345678 liên tục nhắn tin lừa đảo.', 'PHONE'],
    ['Gọi tổ dân phố qua số bàn 024 3826 1234 không ai nghe.', 'PHONE'],
    ['Đối tượng tên Hùng, CCCD 001203004567, thường xuyên gây rối.', 'ID_NUMBER'],
    ['Tôi bị mất ví có CMND số 012345678 ở chợ Đồng Xuân.', 'ID_NUMBER'],
    ['Có thể liên hệ với tôi qua nguyenvanan.hk@gmail.com.', 'EMAIL'],
    ['Xe ô tô biển 29A-123.45 đỗ chắn lối thoát hiểm cả tuần.', 'PLATE'],
    ['Xe máy 30F1-234.56 chạy lạng lách trên phố Hàng Bài.', 'PLATE'],
    ['Xe tải biển 51g 12345 đổ trộm phế thải ban đêm.', 'PLATE'],
    ['Ông hàng xóm ở nhà số 15 ngõ 34 phố Hàng Bạc hay say rượu gây gổ.', 'ADDRESS'],
    ['Có tụ điểm ma túy trong hẻm 45/12 đường Lê Lợi.', 'ADDRESS'],
    ['Quán nước ở số 15 Hàng Bạc lấn chiếm vỉa hè.', 'ADDRESS'],
    ['Cửa hàng 27 phố Hàng Gai bán pháo nổ.', 'ADDRESS'],
  ])('should flag %s as %s', (text, kind) => {
    expect(detectPersonalData(text)).toEqual([kind]);
  });

  it('should list every kind found in one text, once each, in enum order', () => {
    const text =
      'Anh Tuấn ở số nhà 7 ngách 12 ngõ Huế, sđt 0912 345 678 hoặc 0987 654 321, đi xe 29A-123.45, email tuan.nv@yahoo.com, CCCD 001203004567.';
    expect(detectPersonalData(text)).toEqual(['PHONE', 'ID_NUMBER', 'EMAIL', 'PLATE', 'ADDRESS']);
  });

  it.each([
    'Năm 2026 phường có hơn 1.500.000 lượt người qua lại khu phố cổ.',
    'Tôi bị phạt 1.500.000 đồng vì không đội mũ bảo hiểm.',
    'Đối tượng vay 84.500.000.000 đồng rồi bỏ trốn.',
    'Mất chiếc xe đạp trị giá 150000000 đồng ở nhà gửi xe.',
    'Kẻ gian lấy mất 850 nghìn trong túi áo.',
    'Từ năm 2025 đến 2026, lúc 23 giờ đêm vẫn còn đua xe.',
    'Buổi tiếp dân ngày 12/5/2026 có khoảng 300 người dự.',
    'Theo Thông tư 24/2023/TT-BCA về đăng ký xe.',
    'Số lượng 3 người đứng canh ở đầu phố lúc 21h30.',
    'Tai nạn ở Quốc lộ 1A km 15 chưa được xử lý.',
    'Đề nghị lắp thêm đèn chiếu sáng ở đường Nguyễn Trãi.',
  ])('should not flag %s', (text) => {
    expect(detectPersonalData(text)).toEqual([]);
  });

  it('should read text in decomposed Unicode (NFD) like its composed form', () => {
    expect(detectPersonalData('Ông ấy ở số nhà 15 phố Hàng Bạc'.normalize('NFD'))).toEqual(['ADDRESS']);
  });
});
